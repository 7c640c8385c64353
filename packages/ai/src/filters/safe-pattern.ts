import { AppError } from '@parley/protocol';
import { compileLinear } from '@parley/moderation';

/** Admin patterns are short, and the text they run on is bounded (see `MAX_FILTERED_LENGTH`). */
export const MAX_PATTERN_LENGTH = 200;

const compiled = new Map<string, RegExp>();

/**
 * Compiles an admin's regular expression for V8's linear-time engine (through
 * @parley/moderation, see docs/decisions/0005-linear-regexp.md): whatever the pattern, matching
 * takes time linear in the text, so a filter cannot freeze the event loop. Patterns that need
 * backtracking, are invalid, longer than 200 characters, or match the empty text are refused
 * with the reason. Matching is case-insensitive because texts are lower-cased first
 * (`foldCase`): write patterns in lower case.
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
  if (new RegExp(result.regexp).test(''))
    throw new AppError(
      'INVALID_PAYLOAD',
      'the pattern matches empty text, so it would match everywhere',
      { field },
    );
  compiled.set(pattern, result.regexp);
  return new RegExp(result.regexp);
}

/** Lower-cases character by character, keeping the length, so match offsets fit the original. */
export function foldCase(text: string): string {
  let folded = '';
  for (const character of text) {
    const lower = character.toLowerCase();
    folded += lower.length === character.length ? lower : character;
  }
  return folded;
}

/** Every non-overlapping match of a global pattern in `text`, case-insensitively, as spans. */
export function findMatches(pattern: RegExp, text: string): { start: number; end: number }[] {
  const folded = foldCase(text);
  const spans: { start: number; end: number }[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(folded); match; match = pattern.exec(folded)) {
    if (match[0].length === 0) pattern.lastIndex++;
    else spans.push({ start: match.index, end: match.index + match[0].length });
  }
  return spans;
}
