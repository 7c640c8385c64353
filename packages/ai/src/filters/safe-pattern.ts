import { isSafePattern } from 'redos-detector';
import { AppError } from '@parley/protocol';

/** Admin patterns are short, and the text they run on is bounded (see `MAX_FILTERED_LENGTH`). */
export const MAX_PATTERN_LENGTH = 200;

const compiled = new Map<string, RegExp>();

/**
 * Compiles an admin's regular expression only if it cannot backtrack catastrophically:
 * redos-detector proves a bounded number of paths within 300 ms, else the pattern is refused.
 * Compiled patterns are cached, so the check runs once per pattern (at save time).
 *
 * @example
 * compileSafePattern('\\d{4}-\\d{4}', 'responseFilters.0.pattern') // /\d{4}-\d{4}/gi
 * compileSafePattern('(a+)+$', 'pattern') // throws INVALID_PAYLOAD
 */
export function compileSafePattern(pattern: string, field: string): RegExp {
  const cached = compiled.get(pattern);
  if (cached) return new RegExp(cached.source, cached.flags);
  if (pattern.length === 0 || pattern.length > MAX_PATTERN_LENGTH)
    throw new AppError(
      'INVALID_PAYLOAD',
      `a pattern must have 1 to ${MAX_PATTERN_LENGTH} characters`,
      { field },
    );
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'gi');
  } catch (error) {
    throw new AppError(
      'INVALID_PAYLOAD',
      `not a valid regular expression: ${(error as Error).message}`,
      { field },
    );
  }
  const verdict = isSafePattern(pattern, { timeout: 300, caseInsensitive: true });
  if (!verdict.safe)
    throw new AppError(
      'INVALID_PAYLOAD',
      'this pattern could take exponential time on some texts (catastrophic backtracking); simplify nested or overlapping repetitions',
      { field, reason: verdict.error },
    );
  compiled.set(pattern, regex);
  return new RegExp(regex.source, regex.flags);
}
