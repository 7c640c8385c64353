import { Op } from 'sequelize';
import type { Database, KnowledgeBaseConfig } from '@parley/db';
import { AppError } from '@parley/protocol';
import { knowledgeVersionOf } from '../cache/cache-key.ts';
import { detectFormat, type DocumentFormat } from './chunk-document.ts';
import { createWorkerChunker, type DocumentChunker } from './chunk-in-worker.ts';
import { DEFAULT_FETCH_LIMITS, fetchDocument, type FetchLimits } from './fetch-document.ts';
import type { Embedder } from '../providers/openai-embeddings.ts';
import { hybridSearch, type RetrievalMode } from './dense-retrieval.ts';
import { KnowledgeIndex, type KnowledgeHit } from './knowledge-index.ts';
import { embedPassages } from './passage-embeddings.ts';

export type KnowledgeSourceInput =
  | { name: string; sourceType: 'text'; content: string; description?: string }
  | { name: string; sourceType: 'file'; fileName: string; content: string; description?: string }
  | { name: string; sourceType: 'url'; url: string; description?: string };

export interface KnowledgeSearch {
  hits: KnowledgeHit[];
  /** `hybrid` when dense retrieval took part, `bm25` when embeddings are off or failed. */
  retrieval: RetrievalMode;
  /** `id:version` of every active base searched; part of the cache key. */
  knowledgeVersion: string;
}

const MAX_SOURCE_CHARS = 2_000_000;
// After a failed embeddings call, searches use BM25 alone for this long before trying again.
const EMBEDDING_RETRY_MS = 60_000;

interface CachedIndex {
  version: string;
  index: KnowledgeIndex;
  /** Passage vectors, once embedded; `null` while embeddings are off or failing. */
  vectors: Map<string, Float32Array> | null;
  denseRetryAt: number;
}

/** An index of some bases, built or being built, and the `knowledgeVersion` it is built for. */
interface IndexBuild {
  version: string;
  entry: Promise<CachedIndex>;
}

/**
 * Knowledge bases: ingest (text, uploaded file, URL), chunk into `knowledge_chunks` (the source
 * of truth), and search them with an in-memory BM25 index that is rebuilt whenever a base's
 * `version` changes (by the next question, in time slices that let the chats go on). Every
 * re-index bumps the version, so cached answers built on the old passages stop matching. With
 * an `embedder` (an AI provider's `/v1/embeddings`), passages are also embedded (only new or
 * changed text) and searches fuse BM25 with dense retrieval; when the endpoint fails, BM25
 * answers alone.
 */
export function createKnowledgeService(options: {
  db: Database;
  fetchLimits?: FetchLimits;
  /** How documents become passages; by default `chunkDocument` in a worker thread. */
  chunker?: DocumentChunker;
  embedder?: Embedder | null;
  /** Told when embedding fails (BM25 then answers alone); must not throw. */
  onEmbeddingError?: (error: unknown) => void;
}) {
  const { db } = options;
  const embedder = options.embedder ?? null;
  const fetchLimits = options.fetchLimits ?? DEFAULT_FETCH_LIMITS;
  const chunkDocument = options.chunker ?? createWorkerChunker();
  // By the sorted ids of the bases searched together.
  const indexes = new Map<string, IndexBuild>();

  /** The vectors of an index's passages, embedding what is missing; `null` if that fails. */
  async function vectorsFor(entry: CachedIndex): Promise<Map<string, Float32Array> | null> {
    if (!embedder || entry.vectors || performance.now() < entry.denseRetryAt) return entry.vectors;
    try {
      entry.vectors = await embedPassages(db, embedder, entry.index.chunks);
    } catch (error) {
      entry.denseRetryAt = performance.now() + EMBEDDING_RETRY_MS;
      options.onEmbeddingError?.(error);
    }
    return entry.vectors;
  }

  async function readSource(
    base: KnowledgeBaseConfig,
  ): Promise<{ content: string; format: DocumentFormat; url: string | null }> {
    if (base.sourceType === 'url') {
      if (!base.url)
        throw new AppError('INVALID_PAYLOAD', 'a URL knowledge base needs a url', { field: 'url' });
      const fetched = await fetchDocument(base.url, fetchLimits);
      return { content: fetched.content, format: fetched.format, url: fetched.url };
    }
    const format = base.sourceType === 'file' ? detectFormat(base.filePath ?? '') : 'markdown';
    if (!format)
      throw new AppError('INVALID_PAYLOAD', 'files must be .txt, .md or .html', {
        field: 'fileName',
      });
    return { content: base.content ?? '', format, url: null };
  }

  /** Re-reads the source, replaces the chunks and bumps the version, in one transaction. */
  async function reindex(id: string): Promise<KnowledgeBaseConfig> {
    const base = await db.models.KnowledgeBaseConfig.findByPk(id);
    if (!base) throw new AppError('NOT_FOUND', 'no such knowledge base');
    // `silent`: `updatedAt` stays the time a person last saved the base, which the dashboard
    // sends back (`If-Match`) to spot an edit made meanwhile; indexing is not one.
    await base.update({ status: 'indexing', statusMessage: null }, { silent: true });
    try {
      const source = await readSource(base);
      const chunks = await chunkDocument({
        content: source.content,
        format: source.format,
        title: base.name,
      });
      if (chunks.length === 0)
        throw new AppError('INVALID_PAYLOAD', 'the document has no text', { field: 'content' });
      await db.sequelize.transaction(async (transaction) => {
        await db.models.KnowledgeChunk.destroy({ where: { knowledgeBaseId: id }, transaction });
        await db.models.KnowledgeChunk.bulkCreate(
          chunks.map((chunk, position) => ({
            knowledgeBaseId: id,
            position,
            title: chunk.title,
            url: source.url,
            content: chunk.content,
          })),
          { transaction },
        );
        await base.update(
          { status: 'ready', statusMessage: null, version: base.version + 1 },
          { transaction, silent: true },
        );
      });
      return base;
    } catch (error) {
      await base.update(
        {
          status: 'failed',
          statusMessage: error instanceof Error ? error.message : String(error),
        },
        { silent: true },
      );
      throw error;
    }
  }

  async function ingest(input: KnowledgeSourceInput): Promise<KnowledgeBaseConfig> {
    if ('content' in input && input.content.length > MAX_SOURCE_CHARS)
      throw new AppError(
        'INVALID_PAYLOAD',
        `a document may have at most ${MAX_SOURCE_CHARS} characters`,
        { field: 'content' },
      );
    if (input.sourceType === 'file' && !detectFormat(input.fileName))
      throw new AppError('INVALID_PAYLOAD', 'files must be .txt, .md or .html', {
        field: 'fileName',
      });
    const base = await db.models.KnowledgeBaseConfig.create({
      name: input.name,
      description: input.description ?? null,
      sourceType: input.sourceType,
      content: input.sourceType === 'url' ? null : input.content,
      filePath: input.sourceType === 'file' ? input.fileName : null,
      url: input.sourceType === 'url' ? input.url : null,
    });
    return reindex(base.id);
  }

  /**
   * The best passages of the given active, ready bases for a question.
   *
   * @example
   * const { hits } = await knowledge.search({ knowledgeBaseIds: rule.knowledgeBaseIds ?? [], question, limit: 3 });
   */
  async function search(input: {
    knowledgeBaseIds: readonly string[];
    question: string;
    limit: number;
    /** Those of the bases that are active and ready, with their versions, when already known. */
    bases?: ReadonlyArray<{ id: string; version: number }>;
  }): Promise<KnowledgeSearch> {
    if (input.knowledgeBaseIds.length === 0)
      return { hits: [], knowledgeVersion: '', retrieval: 'bm25' };
    const bases =
      input.bases ??
      (await db.models.KnowledgeBaseConfig.findAll({
        attributes: ['id', 'version'],
        where: { id: { [Op.in]: [...input.knowledgeBaseIds] }, isActive: true, status: 'ready' },
      }));
    const knowledgeVersion = knowledgeVersionOf(bases);
    if (bases.length === 0) return { hits: [], knowledgeVersion, retrieval: 'bm25' };
    const entry = await indexFor(
      bases.map((base) => base.id),
      knowledgeVersion,
    );
    const { hits, retrieval } = await hybridSearch({
      index: entry.index,
      vectors: await vectorsFor(entry),
      embedder,
      question: input.question,
      limit: input.limit,
    });
    return { hits, knowledgeVersion, retrieval };
  }

  /**
   * The index of these bases at this version. Questions that arrive while it is being built
   * wait for that one build rather than each starting their own. A newer version replaces the
   * entry at once, so a question about it never gets an older index still being built; a
   * failed build is dropped, so the next question tries again.
   */
  function indexFor(ids: string[], version: string): Promise<CachedIndex> {
    const key = [...ids].sort().join(',');
    const cached = indexes.get(key);
    if (cached?.version === version) return cached.entry;
    const entry = buildIndex(ids, version);
    indexes.set(key, { version, entry });
    entry.catch(() => {
      if (indexes.get(key)?.entry === entry) indexes.delete(key);
    });
    return entry;
  }

  /** Reads the bases' chunks and indexes them in time slices, so the chats go on meanwhile. */
  async function buildIndex(ids: string[], version: string): Promise<CachedIndex> {
    // Plain rows in document order: model instances for thousands of chunks cost a stall of
    // their own, and without an order MariaDB returns them by random id (ties then differ).
    const chunks = await db.models.KnowledgeChunk.findAll({
      attributes: ['id', 'knowledgeBaseId', 'title', 'url', 'content'],
      where: { knowledgeBaseId: { [Op.in]: ids } },
      order: [
        ['knowledgeBaseId', 'ASC'],
        ['position', 'ASC'],
      ],
      raw: true,
    });
    const index = await KnowledgeIndex.build(
      chunks.map((chunk) => ({
        id: chunk.id,
        knowledgeBaseId: chunk.knowledgeBaseId,
        title: chunk.title,
        url: chunk.url,
        content: chunk.content,
      })),
    );
    return { version, index, vectors: null, denseRetryAt: 0 };
  }

  return { ingest, reindex, search };
}

export type KnowledgeService = ReturnType<typeof createKnowledgeService>;
