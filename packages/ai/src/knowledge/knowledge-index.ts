import MiniSearch from 'minisearch';
import { tokeniseWords } from '../text/normalise-text.ts';

export interface IndexedChunk {
  id: string;
  knowledgeBaseId: string;
  title: string | null;
  url: string | null;
  content: string;
}

export interface KnowledgeHit {
  chunk: IndexedChunk;
  /** BM25 score (higher is better); compared with a rule's `knowledge_threshold`. */
  score: number;
  /** The query words found in the passage. */
  terms: string[];
}

// Words too common to say what a question is about (function words and the verbs and
// adverbs of asking); they would make every passage a weak hit. Compared after singularising.
const STOP_WORDS = new Set(
  [
    'a an and are as at be by can could do doe does for from have how i if in is it me my of on or our',
    'please should so that the their there this to we what when where which who why will with would you your',
    'get got take long much many need know tell want like make any some about there here ha wa',
  ]
    .join(' ')
    .split(' '),
);

/** Query and document words: folded, singularised, without stop words. */
export function indexTerms(text: string): string[] {
  return tokeniseWords(text).filter((word) => !STOP_WORDS.has(word));
}

/**
 * A BM25 index (minisearch) over passages. Built in memory from `knowledge_chunks`, which stay
 * the source of truth; rebuilt when a knowledge base's version changes.
 */
export class KnowledgeIndex {
  readonly #search: MiniSearch<IndexedChunk>;
  readonly #chunks = new Map<string, IndexedChunk>();

  constructor(chunks: readonly IndexedChunk[]) {
    this.#search = new MiniSearch<IndexedChunk>({
      fields: ['title', 'content'],
      tokenize: (text) => indexTerms(text),
      processTerm: (term) => term,
      searchOptions: { boost: { title: 1.5 }, combineWith: 'OR', prefix: false, fuzzy: false },
    });
    for (const chunk of chunks) this.#chunks.set(chunk.id, chunk);
    this.#search.addAll([...this.#chunks.values()]);
  }

  get size(): number {
    return this.#chunks.size;
  }

  /**
   * The best `limit` passages for a question.
   *
   * @example
   * new KnowledgeIndex(chunks).search('refund policy', 3)
   */
  search(question: string, limit: number): KnowledgeHit[] {
    if (indexTerms(question).length === 0) return [];
    return this.#search
      .search(question)
      .slice(0, limit)
      .flatMap((result) => {
        const chunk = this.#chunks.get(String(result.id));
        return chunk ? [{ chunk, score: result.score, terms: result.terms }] : [];
      });
  }
}
