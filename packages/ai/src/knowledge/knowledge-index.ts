import MiniSearch from 'minisearch';
import { analyseText, isSynonymToken } from './analyse-text.ts';
import { sentenceWindows, splitSentences } from './passage-sentences.ts';

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
  /** The question's terms (see `analyseText`) found in the passage. */
  terms: string[];
}

/** One searchable unit: a whole chunk, or a window of its sentences. */
interface IndexedUnit {
  id: string;
  chunkId: string;
  title: string;
  content: string;
}

// A synonym only says the passage is about the same thing; the visitor's own word says more.
const SYNONYM_BOOST = 0.6;
// Fuzzy and prefix matching only for words the documents do not contain (typos, other forms),
// never for words they do: "cost" must not also match "post".
const FUZZY_MIN_LENGTH = 5;
const FUZZY_RATIO = 0.2;
const PREFIX_MIN_LENGTH = 4;

/**
 * A BM25 index (minisearch) over passages. Built in memory from `knowledge_chunks`, which stay
 * the source of truth; rebuilt when a knowledge base's version changes. Each chunk is indexed
 * whole (heading and body) and as windows of two sentences, so a fact in a long paragraph is
 * not drowned by the rest of it; a chunk scores as its best unit. Terms come from
 * `analyseText` (folded, stemmed, with support synonyms); words the documents lack are matched
 * fuzzily and by prefix.
 */
export class KnowledgeIndex {
  readonly #search: MiniSearch<IndexedUnit>;
  readonly #chunks = new Map<string, IndexedChunk>();
  readonly #vocabulary = new Set<string>();

  constructor(chunks: readonly IndexedChunk[]) {
    this.#search = new MiniSearch<IndexedUnit>({
      fields: ['title', 'content'],
      storeFields: ['chunkId'],
      tokenize: (text) => analyseText(text),
      processTerm: (term) => term,
      searchOptions: {
        boost: { title: 1.5 },
        combineWith: 'OR',
        boostTerm: (term) => (isSynonymToken(term) ? SYNONYM_BOOST : 1),
        fuzzy: (term) =>
          term.length >= FUZZY_MIN_LENGTH && !this.#isKnown(term) ? FUZZY_RATIO : false,
        prefix: (term) => term.length >= PREFIX_MIN_LENGTH && !this.#isKnown(term),
      },
    });
    const units: IndexedUnit[] = [];
    for (const chunk of chunks) {
      this.#chunks.set(chunk.id, chunk);
      const title = chunk.title ?? '';
      units.push({ id: chunk.id, chunkId: chunk.id, title, content: chunk.content });
      const sentences = splitSentences(chunk.content);
      if (sentences.length > 2)
        sentenceWindows(sentences).forEach((content, position) =>
          units.push({ id: `${chunk.id}\u0000${position}`, chunkId: chunk.id, title, content }),
        );
      for (const term of analyseText(`${title} ${chunk.content}`)) this.#vocabulary.add(term);
    }
    this.#search.addAll(units);
  }

  get size(): number {
    return this.#chunks.size;
  }

  #isKnown(term: string): boolean {
    return isSynonymToken(term) || this.#vocabulary.has(term);
  }

  /**
   * The best `limit` passages for a question.
   *
   * @example
   * new KnowledgeIndex(chunks).search('refund policy', 3)
   */
  search(question: string, limit: number): KnowledgeHit[] {
    if (analyseText(question).length === 0) return [];
    const best = new Map<string, KnowledgeHit>();
    for (const result of this.#search.search(question)) {
      const chunk = this.#chunks.get(String(result['chunkId']));
      if (!chunk || best.has(chunk.id)) continue; // results come best first
      best.set(chunk.id, { chunk, score: result.score, terms: result.queryTerms });
      if (best.size === limit) break;
    }
    return [...best.values()];
  }
}
