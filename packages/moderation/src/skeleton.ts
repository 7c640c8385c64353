import { LOOK_ALIKE_LETTERS, LOOK_ALIKE_SYMBOLS } from './look-alikes.ts';

/** One letter of a text's skeleton, with where it came from in the original text. */
export interface SkeletonLetter {
  /** The folded letter (a-z, a digit, or another script's lower-case letter). */
  readonly char: string;
  /** UTF-16 range of the original character(s) this letter came from. */
  readonly start: number;
  readonly end: number;
  /** The visible separators between the previous letter and this one ('' when adjacent). */
  readonly separatorBefore: string;
}

// Zero-width characters, soft hyphens, combining marks and control characters other than line breaks.
// eslint-disable-next-line no-control-regex -- control characters are what this strips
export const INVISIBLE = /^[\p{Cf}\p{M}\x00-\x08\x0E-\x1F\x7F-\x9F]$/u;
const MARKS = /\p{M}/gu;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** Folds one code point: compatibility forms, accents and case removed (may yield several chars). */
export function foldCodePoint(codePoint: string): string {
  return codePoint.normalize('NFKD').replace(MARKS, '').toLowerCase();
}

function isWordChar(codePoint: string | undefined): boolean {
  if (codePoint === undefined) return false;
  return [...foldCodePoint(codePoint)].some((char) => LETTER_OR_DIGIT.test(char));
}

const isSymbolLookAlike = (codePoint: string | undefined): boolean =>
  codePoint !== undefined && LOOK_ALIKE_SYMBOLS.has(codePoint);

/**
 * Which look-alike symbols stand for letters: a run of them read as letters when a word follows
 * ("$hit", "sh!t") or when the run stands alone ("@$$"), but not when it trails a word ("stop!!").
 */
function symbolLetterPositions(codePoints: readonly CodePointAt[]): Set<number> {
  const positions = new Set<number>();
  let runStart = 0;
  for (let i = 0; i <= codePoints.length; i += 1) {
    if (isSymbolLookAlike(codePoints[i]?.text)) continue;
    if (runStart < i) {
      const followedByWord = isWordChar(codePoints[i]?.text);
      const standsAlone = !followedByWord && !isWordChar(codePoints[runStart - 1]?.text);
      if (followedByWord || standsAlone) for (let p = runStart; p < i; p += 1) positions.add(p);
    }
    runStart = i + 1;
  }
  return positions;
}

function mapLookAlike(char: string, isSymbolLetter: boolean): string | undefined {
  const letter = LOOK_ALIKE_LETTERS.get(char);
  if (letter !== undefined) return letter;
  if (LETTER_OR_DIGIT.test(char)) return char;
  return isSymbolLetter ? LOOK_ALIKE_SYMBOLS.get(char) : undefined;
}

interface CodePointAt {
  readonly text: string;
  readonly start: number;
}

function visibleCodePoints(text: string): CodePointAt[] {
  const result: CodePointAt[] = [];
  let index = 0;
  for (const codePoint of text) {
    if (!INVISIBLE.test(codePoint)) result.push({ text: codePoint, start: index });
    index += codePoint.length;
  }
  return result;
}

/**
 * Reduces a text to the letters a reader sees, folded so that case, accents, full-width and
 * mathematical forms, look-alike letters and leetspeak compare equal; invisible characters are
 * dropped and everything else (spaces, punctuation, emoji) is kept as the separator before the
 * next letter. Each letter remembers its original range, so a match can be replaced in place.
 *
 * @example
 * skeletonOf('Ｋ1ll\u200B-ed').map((l) => l.char).join('') // 'kiiied'
 */
export function skeletonOf(text: string): SkeletonLetter[] {
  const codePoints = visibleCodePoints(text);
  const letters: SkeletonLetter[] = [];
  let separator = '';
  const symbolLetters = symbolLetterPositions(codePoints);
  codePoints.forEach((codePoint, position) => {
    const isSymbolLetter = symbolLetters.has(position);
    const end = codePoint.start + codePoint.text.length;
    for (const char of foldCodePoint(codePoint.text)) {
      const mapped = mapLookAlike(char, isSymbolLetter);
      if (mapped === undefined) {
        separator += char;
        continue;
      }
      for (const letter of mapped) {
        letters.push({ char: letter, start: codePoint.start, end, separatorBefore: separator });
        separator = '';
      }
    }
  });
  return letters;
}
