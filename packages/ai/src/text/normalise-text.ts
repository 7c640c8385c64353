/**
 * Text folding shared by topic matching and the cache key: lower case, accents removed, words
 * split on anything that is not a letter or a digit, simple English plurals reduced.
 */

/** Lower-cases and strips accents (`Café` → `cafe`), keeping letters of every script. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
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
