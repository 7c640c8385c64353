import { tokeniseWords } from '../text/normalise-text.ts';

/**
 * Finds which of `terms` occur in `text` on word boundaries, ignoring case, accents and simple
 * plurals. A term of several words matches the same words in a row.
 *
 * @example
 * matchTerms('Où sont mes Remboursements?', ['remboursement', 'livraison']) // ['remboursement']
 */
export function matchTerms(text: string, terms: readonly string[]): string[] {
  const words = tokeniseWords(text);
  return terms.filter((term) => {
    const needle = tokeniseWords(term);
    return needle.length > 0 && containsSequence(words, needle);
  });
}

function containsSequence(words: string[], needle: string[]): boolean {
  for (let start = 0; start + needle.length <= words.length; start++) {
    if (needle.every((word, offset) => words[start + offset] === word)) return true;
  }
  return false;
}
