import { setFlagsFromString } from 'node:v8';

let isLinearEngineEnabled = false;

/**
 * Turns on V8's non-backtracking engine (the `l` flag). The flag is process-wide and must be set
 * before the first `l` RegExp is parsed; setting it twice is harmless. Without it, `new RegExp(p, 'l')`
 * throws "Invalid flags", so a missing call fails loudly instead of falling back to backtracking.
 */
export function enableLinearRegExp(): void {
  if (isLinearEngineEnabled) return;
  setFlagsFromString('--enable-experimental-regexp-engine');
  isLinearEngineEnabled = true;
}

export type CompileResult =
  { readonly ok: true; readonly regexp: RegExp } | { readonly ok: false; readonly reason: string };

const NOT_LINEAR = /cannot be executed in linear time/i;

/**
 * Compiles an admin's pattern for V8's linear-time engine: its running time grows with the text,
 * never exponentially, whatever the pattern. Constructs that need backtracking (backreferences,
 * lookaround, nested counted repetition, the `i` and `u` flags) are refused with the reason.
 *
 * @example
 * compileLinear('(a+)+$')   // { ok: true, regexp: /(a+)+$/gl }
 * compileLinear('(a)\\1')   // { ok: false, reason: '…needs backtracking…' }
 */
export function compileLinear(pattern: string): CompileResult {
  enableLinearRegExp();
  try {
    // eslint-disable-next-line no-invalid-regexp -- `l` exists once the V8 flag above is set
    return { ok: true, regexp: new RegExp(pattern, 'gl') };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (NOT_LINEAR.test(message)) {
      return {
        ok: false,
        reason:
          'The pattern needs backtracking, which could stall the server: remove backreferences (\\1), ' +
          'lookarounds ((?=…), (?<=…)), Unicode property classes with flags, or counted repetition ' +
          'nested inside counted repetition ((…){20} around a * or +).',
      };
    }
    return {
      ok: false,
      reason: `The pattern is not a valid regular expression: ${shortReason(message)}`,
    };
  }
}

function shortReason(message: string): string {
  const colon = message.lastIndexOf(': ');
  return colon === -1 ? message : message.slice(colon + 2);
}
