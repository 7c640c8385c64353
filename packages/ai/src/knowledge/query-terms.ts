import { isSynonymToken } from './analyse-text.ts';

/** A distinct term of a question, as the index searches it. */
export interface QueryTerm {
  term: string;
  /** How often the question says it: its weight, as if it were searched that many times. */
  count: number;
  /** Also matched fuzzily and by prefix (a word the documents lack: a typo, another form). */
  isExpanded: boolean;
}

const EXPANDED_MIN_LENGTH = 4;
/**
 * Fuzzy and prefix matching only for words of a real length, and a question's worth of them.
 * minisearch's fuzzy lookup allocates (length + 6) × length bytes and walks the index
 * synchronously: one 12,000-letter word (4,000 × ㎒ folded) held the event loop for a second,
 * and 800 made-up words over a 2 MB index half a second. Longer or later words match exactly.
 */
export const EXPANDED_MAX_LENGTH = 24;
const MAX_EXPANDED_TERMS = 16;
/**
 * Known words searched, the rarest first. Each costs as many steps as passages hold it, so a
 * pasted page of common words over a large index would cost a lot for little: BM25 weighs
 * those words least. A real question has far fewer.
 */
const MAX_KNOWN_TERMS = 32;

/**
 * The terms worth searching for a question's terms (`analyseText`), each once: the rarest known
 * ones (words the documents contain, synonym groups) and the first unknown ones of a plausible
 * length, to be matched fuzzily. Other unknown words could only match exactly, which they do
 * not, so leaving them out changes nothing.
 *
 * @example
 * selectQueryTerms(['refund', 'refund', 'shiping'], new Map([['refund', 3]]))
 * // [{ term: 'refund', count: 2, isExpanded: false }, { term: 'shiping', count: 1, isExpanded: true }]
 */
export function selectQueryTerms(
  terms: readonly string[],
  documentFrequency: ReadonlyMap<string, number>,
): QueryTerm[] {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  const frequency = (term: string) => documentFrequency.get(term) ?? 0;
  const isKnown = (term: string) => isSynonymToken(term) || documentFrequency.has(term);
  const known = [...counts.keys()]
    .filter(isKnown)
    .sort((a, b) => frequency(a) - frequency(b))
    .slice(0, MAX_KNOWN_TERMS);
  const expanded = [...counts.keys()]
    .filter((term) => !isKnown(term) && isExpandable(term))
    .slice(0, MAX_EXPANDED_TERMS);
  return [
    ...known.map((term) => ({ term, count: counts.get(term)!, isExpanded: false })),
    ...expanded.map((term) => ({ term, count: counts.get(term)!, isExpanded: true })),
  ];
}

function isExpandable(term: string): boolean {
  return term.length >= EXPANDED_MIN_LENGTH && term.length <= EXPANDED_MAX_LENGTH;
}
