import { skeletonOf, type SkeletonLetter } from './skeleton.ts';

/** A range of the original text matched by a rule. */
export interface MatchSpan {
  readonly start: number;
  readonly end: number;
}

/** A plain phrase folded once when the rule is compiled: its words as skeleton letters. */
export interface CompiledPhrase {
  readonly letters: string;
  /** Offsets in `letters` where a new word of the phrase starts. */
  readonly wordStarts: ReadonlySet<number>;
  /** For each offset, the length of the phrase word that contains it. */
  readonly wordLengthAt: readonly number[];
}

/** A phrase word at least this long may be split by spaces ("your self"); shorter ones only into 1–2 letter pieces. */
const LONG_WORD = 6;
const SHORT_PIECE = 2;
const WHITESPACE = /\s/u;
/** Repeats of one letter a match may absorb ("kiiiill"); bounds the work per start to O(phrase). */
const MAX_REPEATS = 32;

export function compilePhrase(phrase: string): CompiledPhrase {
  const skeleton = skeletonOf(phrase);
  const wordStarts = new Set<number>();
  skeleton.forEach((letter, index) => {
    if (index > 0 && letter.separatorBefore !== '') wordStarts.add(index);
  });
  const bounds = [0, ...wordStarts, skeleton.length];
  const wordLengthAt: number[] = [];
  for (let word = 0; word + 1 < bounds.length; word += 1) {
    const length = (bounds[word + 1] ?? 0) - (bounds[word] ?? 0);
    for (let i = 0; i < length; i += 1) wordLengthAt.push(length);
  }
  return { letters: skeleton.map((l) => l.char).join(''), wordStarts, wordLengthAt };
}

const isBoundaryBefore = (text: readonly SkeletonLetter[], index: number): boolean =>
  index === 0 || index >= text.length || text[index]?.separatorBefore !== '';

/**
 * Walks the phrase from `start`; each phrase letter may repeat in the text ("kiiill"), the last
 * letter of a run takes the repeats. Returns, for each matched text letter, its phrase offset.
 */
function walkPhrase(
  text: readonly SkeletonLetter[],
  phrase: CompiledPhrase,
  start: number,
): number[] | undefined {
  const { letters } = phrase;
  const offsets: number[] = [];
  let cursor = start;
  for (let offset = 0; offset < letters.length; offset += 1) {
    const char = letters[offset];
    if (text[cursor]?.char !== char) return undefined;
    offsets.push(offset);
    cursor += 1;
    if (letters[offset + 1] === char && !phrase.wordStarts.has(offset + 1)) continue;
    // At the end of a phrase word, repeats stop at a space: "stupid dog" is not "stupidd".
    const endsWord = offset + 1 === letters.length || phrase.wordStarts.has(offset + 1);
    while (
      text[cursor]?.char === char &&
      cursor - start < phrase.letters.length + MAX_REPEATS &&
      !(endsWord && WHITESPACE.test(text[cursor]?.separatorBefore ?? ''))
    ) {
      offsets.push(offset);
      cursor += 1;
    }
  }
  return offsets;
}

/**
 * Whether the separators inside a candidate match read as evasion rather than as separate words:
 * punctuation or emoji inside a word always do ("k.i.l.l"); spaces inside a word do when the word
 * is long ("your self") or split into pieces of one or two letters ("s h i t"), which keeps
 * "it's hit" from spelling a four-letter word.
 */
function isEvasiveSplit(
  text: readonly SkeletonLetter[],
  candidate: { readonly start: number; readonly offsets: readonly number[] },
  phrase: CompiledPhrase,
): boolean {
  const { start, offsets } = candidate;
  let pieceLength = 0;
  let wordHasSpaceSplit = false;
  let longestPiece = 0;
  for (let i = 0; i < offsets.length; i += 1) {
    const offset = offsets[i] ?? 0;
    const separator = text[start + i]?.separatorBefore ?? '';
    const isNewPhraseWord = i > 0 && phrase.wordStarts.has(offset) && offsets[i - 1] !== offset;
    if (i === 0 || isNewPhraseWord) {
      if (wordHasSpaceSplit && longestPiece > SHORT_PIECE) return false;
      wordHasSpaceSplit = false;
      longestPiece = 0;
      pieceLength = 0;
    } else if (separator !== '' && WHITESPACE.test(separator)) {
      if ((phrase.wordLengthAt[offset] ?? 0) < LONG_WORD) wordHasSpaceSplit = true;
      pieceLength = 0;
    } else if (separator !== '') {
      pieceLength = 0;
    }
    pieceLength += 1;
    longestPiece = Math.max(longestPiece, pieceLength);
  }
  return !(wordHasSpaceSplit && longestPiece > SHORT_PIECE);
}

/**
 * Every place `phrase` occurs in `text` as whole words of the folded text, however it is spelled.
 *
 * @example
 * findPhrase(skeletonOf('you K-1-L-L me'), compilePhrase('kill')) // [{ start: 4, end: 11 }]
 */
export function findPhrase(
  text: readonly SkeletonLetter[],
  phrase: CompiledPhrase,
  maxMatches = 1_000,
): MatchSpan[] {
  const spans: MatchSpan[] = [];
  if (phrase.letters.length === 0) return spans;
  for (let start = 0; start < text.length && spans.length < maxMatches; start += 1) {
    if (!isBoundaryBefore(text, start)) continue;
    const offsets = walkPhrase(text, phrase, start);
    if (offsets === undefined) continue;
    const end = start + offsets.length;
    if (!isBoundaryBefore(text, end) || !isEvasiveSplit(text, { start, offsets }, phrase)) continue;
    spans.push({ start: text[start]?.start ?? 0, end: text[end - 1]?.end ?? 0 });
    start = end - 1;
  }
  return spans;
}
