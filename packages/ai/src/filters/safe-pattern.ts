import { AppError } from '@parley/protocol';
import { compileLinear, matchFolded, type MatchSpan } from '@parley/moderation';

/** Admin patterns are short, and the text they run on is bounded (see `MAX_FILTERED_LENGTH`). */
export const MAX_PATTERN_LENGTH = 200;

const compiled = new Map<string, RegExp>();

/**
 * Compiles an admin's regular expression exactly as a moderation rule's is (through
 * @parley/moderation, see docs/decisions/0005-linear-regexp.md): V8's linear-time engine, so a
 * filter cannot freeze the event loop; patterns that need backtracking, are invalid, longer than
 * 200 characters or match the empty text are refused with the reason. Texts are
 * folded before matching (`findMatches`): write patterns in lower case.
 *
 * @example
 * compileSafePattern('\\d{3}-\\d{4}', 'responseFilters.0.pattern') // /\d{3}-\d{4}/gl
 * compileSafePattern('(a)\\1', 'pattern') // throws INVALID_PAYLOAD (needs backtracking)
 */
export function compileSafePattern(pattern: string, field: string): RegExp {
  const cached = compiled.get(pattern);
  if (cached) return new RegExp(cached);
  if (pattern.length === 0 || pattern.length > MAX_PATTERN_LENGTH)
    throw new AppError(
      'INVALID_PAYLOAD',
      `a pattern must have 1 to ${MAX_PATTERN_LENGTH} characters`,
      { field },
    );
  const result = compileLinear(pattern);
  if (!result.ok) throw new AppError('INVALID_PAYLOAD', result.reason, { field });
  // No cost probe (moderation's `validateRegex` times the pattern): this runs when answers are
  // filtered too, and a verdict that depends on the machine's load must not fail an answer.
  if (new RegExp(result.regexp).test(''))
    throw new AppError(
      'INVALID_PAYLOAD',
      'the pattern matches empty text, so it would match everywhere',
      { field },
    );
  compiled.set(pattern, result.regexp);
  return new RegExp(result.regexp);
}

/**
 * Every match of a compiled pattern in `text`, as spans of the original text, with moderation's
 * fold-and-match: "SPAM", "ｓｐａｍ" and "spa\u200Bm" all match `spam`, as a moderation rule
 * would catch them. Texts are at most `MAX_FILTERED_LENGTH` long, so every match is found.
 */
export function findMatches(pattern: RegExp, text: string): MatchSpan[] {
  return matchFolded(text, pattern, Math.max(text.length, 1));
}
