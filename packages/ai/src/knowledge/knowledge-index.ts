import MiniSearch from 'minisearch';
import {
  analyseQuestion,
  analyseText,
  isSynonymToken,
  termsOf,
  type Concept,
} from './analyse-text.ts';
import { selectQueryTerms } from './query-terms.ts';
import { sentenceWindows, splitSentences } from './passage-sentences.ts';
import { forEachInTimeSlices } from './time-slices.ts';

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
  /**
   * Share of the question found in the passage, 0 to 1: its words weighted by how rare they are
   * in the documents (a word no passage contains weighs most), a word counting when it or one
   * of its synonym groups matched. The answerer's confidence: BM25 scores grow with the corpus,
   * this does not.
   */
  coverage: number;
}

/**
 * Share of the question the best passage must cover (`KnowledgeHit.coverage`) to be an answer, and
 * the share that makes a question on-topic in restricted mode.
 * Chosen with `pnpm eval` (docs/benchmarks.md, threshold sweep): below it off-topic questions
 * that share one word with the documents get answered, above it right answers are lost.
 */
export const MIN_COVERAGE = 0.5;

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
// never for words they do: "cost" must not also match "post". Which words: `selectQueryTerms`.
const FUZZY_MIN_LENGTH = 5;
const FUZZY_RATIO = 0.2;
// At most 3 edits (a 20-letter word would get 4): each more edit multiplies the part of the
// index a lookup walks, and 16 made-up 24-letter words took 30 ms at 5 edits, 5 ms at 3.
const MAX_FUZZY_DISTANCE = 3;
// A word matched only through its synonym group counts for a little less.
const SYNONYM_COVERAGE = 0.8;

/**
 * A BM25 index (minisearch) over passages. Built in memory from `knowledge_chunks`, which stay
 * the source of truth; rebuilt when a knowledge base's version changes. The server builds it
 * with `KnowledgeIndex.build`, in time slices (2 MB of text is over a second of CPU); the
 * constructor builds it at once, for tests and the eval. Each chunk is indexed
 * whole (heading and body) and as windows of two sentences, so a fact in a long paragraph is
 * not drowned by the rest of it; a chunk scores as its best unit. Terms come from
 * `analyseText` (folded, stemmed, with support synonyms); words the documents lack are matched
 * fuzzily and by prefix. A search costs about the same for any question: only its first
 * `MAX_ANALYSED_CHARS` are read, and only a few words of a real length are matched fuzzily.
 */
export class KnowledgeIndex {
  readonly #search: MiniSearch<IndexedUnit>;
  readonly #chunks = new Map<string, IndexedChunk>();
  /** In how many chunks each term occurs (the words the documents contain). */
  readonly #documentFrequency = new Map<string, number>();

  /** Builds the index at once, blocking the thread: `KnowledgeIndex.build` does not. */
  constructor(chunks: readonly IndexedChunk[]) {
    this.#search = new MiniSearch<IndexedUnit>({
      fields: ['title', 'content'],
      storeFields: ['chunkId'],
      tokenize: (text) => analyseText(text),
      processTerm: (term) => term,
      searchOptions: { boost: { title: 1.5 }, combineWith: 'OR' },
    });
    for (const chunk of chunks) this.#add(chunk);
  }

  /**
   * Builds the index a chunk at a time (a chunk from `chunkDocument` is at most 800 characters,
   * well under a millisecond), yielding to the event loop every few milliseconds: built on the
   * server's main thread, 2 MB of documents would otherwise freeze every chat for over a second.
   * The index is the same as the constructor's: the same units are added in the same order.
   * (minisearch's `addAllAsync` is not used: it waits a `setTimeout` every fixed number of
   * units, however long they took.)
   *
   * @example
   * const index = await KnowledgeIndex.build(chunks);
   */
  static async build(chunks: readonly IndexedChunk[]): Promise<KnowledgeIndex> {
    const index = new KnowledgeIndex([]);
    await forEachInTimeSlices(chunks, (chunk) => index.#add(chunk));
    return index;
  }

  /** Indexes a chunk whole and as sentence windows, and counts its terms' document frequency. */
  #add(chunk: IndexedChunk): void {
    this.#chunks.set(chunk.id, chunk);
    const title = chunk.title ?? '';
    this.#search.add({ id: chunk.id, chunkId: chunk.id, title, content: chunk.content });
    const sentences = splitSentences(chunk.content);
    if (sentences.length > 2)
      sentenceWindows(sentences).forEach((content, position) =>
        this.#search.add({ id: `${chunk.id}\u0000${position}`, chunkId: chunk.id, title, content }),
      );
    for (const term of new Set(analyseText(`${title} ${chunk.content}`)))
      this.#documentFrequency.set(term, (this.#documentFrequency.get(term) ?? 0) + 1);
  }

  get size(): number {
    return this.#chunks.size;
  }

  /** The indexed passages, in the order given. */
  get chunks(): IndexedChunk[] {
    return [...this.#chunks.values()];
  }

  /** A passage by id. */
  chunk(id: string): IndexedChunk | undefined {
    return this.#chunks.get(id);
  }

  /**
   * minisearch over the question's terms (`selectQueryTerms`): each searched once, boosted by
   * how often the question says it, which scores as searching it every time would (minisearch
   * adds the scores up) without the repeated work (4,000 × U+FDFA are 16,000 words).
   */
  #searchTerms(terms: readonly string[]) {
    const selected = new Map(
      selectQueryTerms(terms, this.#documentFrequency).map((entry) => [entry.term, entry]),
    );
    const count = (term: string) => selected.get(term)?.count ?? 1;
    const isExpanded = (term: string) => selected.get(term)?.isExpanded ?? false;
    return this.#search.search([...selected.keys()].join(' '), {
      tokenize: (query) => query.split(' '),
      boostTerm: (term) => count(term) * (isSynonymToken(term) ? SYNONYM_BOOST : 1),
      fuzzy: (term) => (isExpanded(term) && term.length >= FUZZY_MIN_LENGTH ? FUZZY_RATIO : false),
      prefix: isExpanded,
      maxFuzzy: MAX_FUZZY_DISTANCE,
    });
  }

  /** BM25's inverse document frequency: rare terms weigh more, unknown ones most. */
  #weight(term: string): number {
    const count = this.#chunks.size;
    const frequency = this.#documentFrequency.get(term) ?? 0;
    return Math.log(1 + (count - frequency + 0.5) / (frequency + 0.5));
  }

  /**
   * A number no passage holds says which one ("page 3", "question number 2"), not what about:
   * counted, it would weigh as the rarest word and sink the question's coverage.
   */
  #isUnknownNumber(term: string): boolean {
    return /^\d+$/.test(term) && !this.#documentFrequency.has(term);
  }

  #coverage(question: Concept[], matched: ReadonlySet<string>): number {
    let total = 0;
    let found = 0;
    // A word said twice is still one part of the question.
    const seen = new Set<string>();
    for (const concept of question) {
      if (seen.has(concept.term) || this.#isUnknownNumber(concept.term)) continue;
      seen.add(concept.term);
      const weight = this.#weight(concept.term);
      total += weight;
      if (matched.has(concept.term)) found += weight;
      else if (concept.groups.some((group) => matched.has(group)))
        found += weight * SYNONYM_COVERAGE;
    }
    return total === 0 ? 0 : found / total;
  }

  /**
   * The best `limit` passages for a question.
   *
   * @example
   * new KnowledgeIndex(chunks).search('refund policy', 3)
   */
  search(question: string, limit: number): KnowledgeHit[] {
    const concepts = analyseQuestion(question);
    if (concepts.length === 0) return [];
    // Results come best first: a chunk scores as its best unit, and covers the question with
    // the terms of all its units (the whole chunk is one of them).
    const best = new Map<string, { chunk: IndexedChunk; score: number; terms: Set<string> }>();
    for (const result of this.#searchTerms(termsOf(concepts))) {
      const chunk = this.#chunks.get(String(result['chunkId']));
      if (!chunk) continue;
      const entry = best.get(chunk.id) ?? { chunk, score: result.score, terms: new Set() };
      for (const term of result.queryTerms) entry.terms.add(term);
      best.set(chunk.id, entry);
    }
    return [...best.values()].slice(0, limit).map(({ chunk, score, terms }) => ({
      chunk,
      score,
      terms: [...terms],
      coverage: this.#coverage(concepts, terms),
    }));
  }
}
