import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findFreePort } from './free-port.ts';

const SERVER_DIR = fileURLToPath(new URL('../../../apps/server', import.meta.url));

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves with the exit code (or signal) once the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs the real server (`apps/server/src/main.ts`) as a child process, as an operator would,
 * with the given environment on top of a minimal one. Does not wait for readiness.
 */
export async function spawnServer(options: {
  env: Record<string, string>;
  args?: string[];
  /** `built`: the production bundle (`node dist/main.js`, after `pnpm build`); default: the source through tsx. */
  entry?: 'source' | 'built';
  /** Options for node itself, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
  nodeArgs?: string[];
}): Promise<ServerProcess> {
  const port = options.env.PORT ? Number(options.env.PORT) : await findFreePort();
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      ...(options.entry === 'built' ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts']),
      ...(options.args ?? []),
    ],
    {
      cwd: SERVER_DIR,
      env: {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        PORT: String(port),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    output: () => ({ stdout, stderr }),
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Polls `url` until it answers `status`, or fails after `timeoutMs` with what it last saw. */
export async function waitForStatus(
  url: string,
  status: number,
  timeoutMs = 15_000,
): Promise<number> {
  const startedAt = Date.now();
  let last = 'no answer';
  while (Date.now() - startedAt < timeoutMs) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
      if (response.status === status) return Date.now() - startedAt;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms; last: ${last}`);
}
