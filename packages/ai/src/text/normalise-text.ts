/**
 * Text folding shared by topic matching and the cache key: lower case, accents removed, words
 * split on anything that is not a letter or a digit, simple English plurals reduced.
 */

/** Lower-cases and strips accents (`Café` → `cafe`), keeping letters of every script. */
export function foldText(text: string): string {
  return foldDecomposed(text.normalize('NFKD'));
}

function foldDecomposed(decomposed: string): string {
  return decomposed.replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * Most of a visitor's message that retrieval, the topic and handoff checks and the answerer
 * read, in characters, both before and after folding. Folding expands text (U+FDFA becomes 18
 * letters, U+3392 "mhz"), so a cut made only before it would let one message cost many times
 * its length. Four times the default `MAX_MESSAGE_LENGTH`: an ordinary message is never cut.
 * The cache key and the provider still see the whole message.
 */
export const MAX_ANALYSED_CHARS = 16_000;

/**
 * `foldText` of a visitor's message, cut to `MAX_ANALYSED_CHARS` so the work done on it stays
 * bounded whatever the message expands to.
 *
 * @example
 * foldBounded('\u3392'.repeat(10_000)).length // 16_000, not 30_000
 */
export function foldBounded(text: string): string {
  // Decomposing is what expands (U+FDFA gives 18 characters), so it is done a piece at a time
  // and only until there is enough. Twice the bound, as removing accents shortens it again.
  const enough = 2 * MAX_ANALYSED_CHARS;
  let decomposed = '';
  for (let start = 0; start < text.length && decomposed.length < enough;) {
    const end = pieceEnd(text, start + FOLD_PIECE);
    decomposed += text.slice(start, end).normalize('NFKD');
    start = end;
  }
  return foldDecomposed(decomposed.slice(0, enough)).slice(0, MAX_ANALYSED_CHARS);
}

/**
 * Whether `foldBounded` reads all of `text`. A check that must see every word (an excluded topic
 * anywhere in the message) cannot pass a message it only read the start of.
 */
export function isReadWhole(text: string): boolean {
  return foldBounded(text).length < MAX_ANALYSED_CHARS;
}

const FOLD_PIECE = 4096;

/** `end`, or one further so a surrogate pair (an emoji, a math letter) is not cut in two. */
function pieceEnd(text: string, end: number): number {
  const code = text.charCodeAt(end - 1);
  return code >= 0xd800 && code <= 0xdbff ? end + 1 : end;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Reduces a simple plural to its singular so `refund` matches `refunds`, `policy` matches
 * `policies` and `box` matches `boxes`. Deliberately small: no irregular forms.
 */
export function singularise(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(?:ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/** The folded, singularised words of a text, in order. */
export function tokeniseWords(text: string): string[] {
  return (foldText(text).match(WORD) ?? []).map(singularise);
}
