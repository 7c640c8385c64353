import { createHash } from 'node:crypto';
import type { Embedder } from '../providers/openai-embeddings.ts';
import type { IndexedChunk, KnowledgeHit, KnowledgeIndex } from './knowledge-index.ts';

/** How a search was done: `hybrid` when the dense side answered, else BM25 alone. */
export type RetrievalMode = 'bm25' | 'hybrid';

// Reciprocal-rank fusion constant (Cormack et al. 2009): damps the weight of the very first
// ranks so neither retriever alone decides.
const RRF_K = 60;
// Weighted RRF: the vectors count about a third as much as the words. Measured with `pnpm eval`
// (docs/benchmarks.md, dense-weight sweep): at equal weight, passages found only by the vectors
// pushed passages the answerer could quote out of the top 3 (76 % right facts against BM25's
// 78 %); from 0.35 down hybrid matches BM25. The loopback embeddings are hashed words, not a
// learned model: re-measure with a real one before raising it.
export const DENSE_WEIGHT = 0.35;
// Each retriever proposes more candidates than asked, so fusion can promote one the other missed.
const CANDIDATES_PER_RESULT = 4;

/** What is embedded for a passage: its heading and text. */
export function passageText(chunk: Pick<IndexedChunk, 'title' | 'content'>): string {
  return chunk.title ? `${chunk.title}\n${chunk.content}` : chunk.content;
}

/** The key of a passage's vector: unchanged text, unchanged hash, no new embedding. */
export function passageHash(chunk: Pick<IndexedChunk, 'title' | 'content'>): string {
  return createHash('sha256').update(passageText(chunk)).digest('hex');
}

export function encodeVector(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}

export function decodeVector(encoded: string): Float32Array {
  const bytes = Buffer.from(encoded, 'base64');
  const copy = new Uint8Array(bytes); // aligned, owned
  return new Float32Array(copy.buffer, 0, Math.floor(copy.byteLength / 4));
}

function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index++) {
    dot += a[index]! * b[index]!;
    normA += a[index]! * a[index]!;
    normB += b[index]! * b[index]!;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/**
 * BM25 and dense retrieval fused by reciprocal rank: each passage scores Σ w/(60 + rank) over
 * the two rankings (w = 1 for BM25, `DENSE_WEIGHT` for the vectors). Hits keep their BM25 `score` and `coverage` (the answerer's and the topic
 * gate's evidence); a passage found by the vectors alone has 0 for both, so it can inform a
 * model's prompt but never makes the built-in answerer or the gate answer on its own.
 *
 * @example
 * const { hits, retrieval } = await hybridSearch({ index, vectors, embedder, question, limit: 3 });
 */
export async function hybridSearch(input: {
  index: KnowledgeIndex;
  /** Passage vectors by chunk id; `null` when embeddings are off or failed. */
  vectors: ReadonlyMap<string, Float32Array> | null;
  embedder: Embedder | null;
  question: string;
  limit: number;
  signal?: AbortSignal;
  /** Overrides `DENSE_WEIGHT` (the eval's sweep). */
  denseWeight?: number;
}): Promise<{ hits: KnowledgeHit[]; retrieval: RetrievalMode }> {
  const candidates = input.limit * CANDIDATES_PER_RESULT;
  const lexical = input.index.search(input.question, candidates);
  const bm25Only = { hits: lexical.slice(0, input.limit), retrieval: 'bm25' as const };
  if (!input.embedder || !input.vectors || input.vectors.size === 0) return bm25Only;
  let query: Float32Array;
  try {
    [query] = (await input.embedder.embed([input.question], input.signal)) as [Float32Array];
  } catch {
    return bm25Only;
  }
  const dense = [...input.vectors]
    .map(([chunkId, vector]) => ({ chunkId, similarity: cosine(query, vector) }))
    .filter((entry) => entry.similarity > 0)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, candidates);
  const fused = new Map<string, number>();
  const add = (chunkId: string, rank: number, weight: number) =>
    fused.set(chunkId, (fused.get(chunkId) ?? 0) + weight / (RRF_K + rank + 1));
  lexical.forEach((hit, rank) => add(hit.chunk.id, rank, 1));
  dense.forEach((entry, rank) => add(entry.chunkId, rank, input.denseWeight ?? DENSE_WEIGHT));
  const lexicalById = new Map(lexical.map((hit) => [hit.chunk.id, hit]));
  const hits = [...fused]
    .sort((a, b) => b[1] - a[1])
    .slice(0, input.limit)
    .flatMap(([chunkId]) => {
      const found = lexicalById.get(chunkId);
      if (found) return [found];
      const chunk = input.index.chunk(chunkId);
      return chunk ? [{ chunk, score: 0, terms: [], coverage: 0 }] : [];
    });
  return { hits, retrieval: 'hybrid' };
}
