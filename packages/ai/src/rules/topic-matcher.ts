import { foldBounded, tokeniseWords } from '../text/normalise-text.ts';

/**
 * Finds which of `terms` occur in `text` on word boundaries, ignoring case, accents and simple
 * plurals. A term of several words matches the same words in a row. Only the first
 * `MAX_ANALYSED_CHARS` of the text (after folding) are read.
 *
 * @example
 * matchTerms('Où sont mes Remboursements?', ['remboursement', 'livraison']) // ['remboursement']
 */
export function matchTerms(text: string, terms: readonly string[]): string[] {
  // Words joined by single spaces, with one at each end: a term's words in a row are then a
  // substring, found by the engine's string search rather than a loop over every position
  // for each of up to 500 keywords (a long message made that cost tens of milliseconds).
  const words = ` ${tokeniseWords(foldBounded(text)).join(' ')} `;
  return terms.filter((term) => {
    const needle = tokeniseWords(term);
    return needle.length > 0 && words.includes(` ${needle.join(' ')} `);
  });
}
