import { foldCodePoint, INVISIBLE } from './skeleton.ts';
import type { MatchSpan } from './phrase-matcher.ts';

/** A text folded for regular-expression rules, with the way back to the original offsets. */
export interface FoldedText {
  readonly text: string;
  /** For each UTF-16 unit of `text`, the original range it came from. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

/**
 * Folds a text for regex rules: lower case, accents and compatibility forms removed, invisible
 * characters dropped. V8's linear engine has no `i` flag, so admins write patterns in lower case
 * and this makes "SPAM", "ｓｐａｍ" and "spa\u200Bm" all read "spam".
 */
export function foldForRegex(text: string): FoldedText {
  let folded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let index = 0;
  for (const codePoint of text) {
    const end = index + codePoint.length;
    if (!INVISIBLE.test(codePoint)) {
      const replacement = foldCodePoint(codePoint);
      folded += replacement;
      for (let i = 0; i < replacement.length; i += 1) {
        starts.push(index);
        ends.push(end);
      }
    }
    index = end;
  }
  return { text: folded, starts, ends };
}

/**
 * Fold-and-match in one call: every match of a linear `regexp` (from `compileLinear`, patterns
 * in lower case) in `text` as folded by `foldForRegex`, as offsets into the original `text`. The
 * one way admin regular expressions are matched, by moderation rules and AI response filters.
 *
 * @example
 * matchFolded('Buy ＳＰＡＭ now', compiled.regexp) // [{ start: 4, end: 8 }]
 */
export function matchFolded(text: string, regexp: RegExp, maxMatches = 1_000): MatchSpan[] {
  return findRegex(foldForRegex(text), regexp, maxMatches);
}

/** Every non-empty match of `regexp` (a global RegExp) in the folded text, as original offsets. */
export function findRegex(folded: FoldedText, regexp: RegExp, maxMatches = 1_000): MatchSpan[] {
  const spans: MatchSpan[] = [];
  regexp.lastIndex = 0;
  for (const match of folded.text.matchAll(regexp)) {
    const length = match[0].length;
    if (length === 0) continue;
    const start = folded.starts[match.index] ?? 0;
    const end = folded.ends[match.index + length - 1] ?? start;
    spans.push({ start, end });
    if (spans.length >= maxMatches) break;
  }
  return spans;
}
