/** Prints one clear line for the operator and exits non-zero; no stack trace as the only message. */
export function exitWithStartupError(message: string): never {
  process.stderr.write(`parley: ${message}\n`);
  process.exit(1);
}

/** The shortest useful description of why a connection failed (ECONNREFUSED, access denied…). */
export function describeConnectionError(error: unknown): string {
  const original = (error as { original?: { code?: string; message?: string } } | null)?.original;
  const parts = [original?.code, original?.message ?? (error as Error | null)?.message].filter(
    Boolean,
  );
  return [...new Set(parts)].join(': ') || String(error);
}
