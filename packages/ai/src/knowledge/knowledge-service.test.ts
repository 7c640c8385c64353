import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isAppError } from '@parley/protocol';
import {
  DATABASE_KINDS,
  startOpenAiCompatibleServer,
  type OpenAiCompatibleServer,
} from '@parley/test-kit';
import { createOpenAiEmbedder } from '../providers/openai-embeddings.ts';
import { serveLocalSite } from '../test-support/local-site.ts';
import { useMigratedDatabase } from '@parley/db/test-support';
import { DEFAULT_FETCH_LIMITS } from './fetch-document.ts';
import { createKnowledgeService } from './knowledge-service.ts';

/** A promise and what resolves it: for a test to say when some work may go on. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const FAQ =
  '# Refunds\nRefunds are paid within 30 days of purchase.\n\n# Shipping\nParcels leave Lyon every weekday.';

describe.each(DATABASE_KINDS)('knowledge service on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  let site: Awaited<ReturnType<typeof serveLocalSite>>;
  let page = '<h1>Opening hours</h1><p>The shop opens at nine on Saturdays.</p>';
  beforeAll(async () => {
    site = await serveLocalSite((_request, response) =>
      response.writeHead(200, { 'content-type': 'text/html' }).end(page),
    );
  });
  afterAll(() => site.close());
  const service = () =>
    createKnowledgeService({
      db: database(),
      fetchLimits: { ...DEFAULT_FETCH_LIMITS, allowPrivateNetworks: true },
    });

  it('ingests text into ordered chunks and finds the right passage', async () => {
    const knowledge = service();
    const base = await knowledge.ingest({ name: 'FAQ', sourceType: 'text', content: FAQ });
    expect(base.status).toBe('ready');
    const chunks = await database().models.KnowledgeChunk.findAll({
      where: { knowledgeBaseId: base.id },
      order: [['position', 'ASC']],
    });
    expect(chunks.map((chunk) => chunk.title)).toEqual(['Refunds', 'Shipping']);
    const { hits, knowledgeVersion } = await knowledge.search({
      knowledgeBaseIds: [base.id],
      question: 'when are refunds paid?',
      limit: 3,
    });
    expect(hits[0]?.chunk.content).toContain('30 days');
    expect(knowledgeVersion).toBe(`${base.id}:${base.version}`);
  });

  it('ingests an uploaded HTML file and a URL from a local server, and re-indexes on change', async () => {
    const knowledge = service();
    const file = await knowledge.ingest({
      name: 'Help',
      sourceType: 'file',
      fileName: 'help.html',
      content: '<h2>Gift cards</h2><p>Gift cards never expire.</p>',
    });
    expect(
      (
        await knowledge.search({
          knowledgeBaseIds: [file.id],
          question: 'do gift cards expire',
          limit: 1,
        })
      ).hits[0]?.chunk.title,
    ).toBe('Gift cards');

    const web = await knowledge.ingest({
      name: 'Site',
      sourceType: 'url',
      url: `${site.url}/hours`,
    });
    const before = await knowledge.search({
      knowledgeBaseIds: [web.id],
      question: 'saturday opening',
      limit: 1,
    });
    expect(before.hits[0]?.chunk).toMatchObject({
      title: 'Opening hours',
      url: `${site.url}/hours`,
    });

    page = '<h1>Opening hours</h1><p>Closed on Saturdays; Sundays from ten.</p>';
    await knowledge.reindex(web.id);
    const after = await knowledge.search({
      knowledgeBaseIds: [web.id],
      question: 'sunday opening',
      limit: 1,
    });
    expect(after.hits[0]?.chunk.content).toContain('Sundays from ten');
    expect(after.knowledgeVersion).not.toBe(before.knowledgeVersion);
  });

  it('refuses an unsupported file and a blocked URL, leaving a failed base with its reason', async () => {
    const strict = createKnowledgeService({ db: database() });
    await expect(
      strict.ingest({ name: 'x', sourceType: 'file', fileName: 'x.exe', content: 'MZ' }),
    ).rejects.toSatisfy(isAppError);
    const blocked = await strict
      .ingest({ name: 'Local', sourceType: 'url', url: `${site.url}/` })
      .catch((error: unknown) => error);
    expect(isAppError(blocked) && blocked.code).toBe('FORBIDDEN');
    const failed = await database().models.KnowledgeBaseConfig.findOne({
      where: { name: 'Local' },
    });
    expect(failed?.status).toBe('failed');
    expect(failed?.statusMessage).toContain('private or local');
  });

  describe('index builds', () => {
    afterEach(() => vi.restoreAllMocks());
    const ask = (id: string, question: string) =>
      ({ knowledgeBaseIds: [id], question, limit: 1 }) as const;

    it('builds the index once for questions that arrive together', async () => {
      const knowledge = service();
      const base = await knowledge.ingest({ name: 'Together', sourceType: 'text', content: FAQ });
      const readChunks = vi.spyOn(database().models.KnowledgeChunk, 'findAll');
      const results = await Promise.all(
        [1, 2, 3].map(() => knowledge.search(ask(base.id, 'when are refunds paid?'))),
      );
      expect(results.map((result) => result.hits[0]?.chunk.title)).toEqual([
        'Refunds',
        'Refunds',
        'Refunds',
      ]);
      expect(readChunks).toHaveBeenCalledTimes(1);
    });

    it('gives a newer version its own index while an older one is still being built', async () => {
      const knowledge = service();
      const base = await knowledge.ingest({
        name: 'Hours',
        sourceType: 'text',
        content: '# Hours\nThe shop opens at nine.',
      });
      const model = database().models.KnowledgeChunk;
      const findAll = model.findAll.bind(model);
      const { promise: wereRead, resolve: onRead } = signal();
      const { promise: held, resolve: release } = signal();
      // The older build reads the chunks, then stays in flight until released.
      const readChunks = vi.spyOn(model, 'findAll').mockImplementationOnce(async (options) => {
        const chunks = await findAll(options);
        onRead();
        await held;
        return chunks;
      });
      const older = knowledge.search(ask(base.id, 'when does the shop open'));
      await wereRead;
      await base.update({ content: '# Hours\nThe shop opens at ten.' });
      await knowledge.reindex(base.id);

      const newer = await knowledge.search(ask(base.id, 'when does the shop open'));
      expect(newer.hits[0]?.chunk.content).toContain('ten');
      release();
      expect((await older).hits[0]?.chunk.content).toContain('nine');
      // The older build, finished last, did not replace the newer index.
      const again = await knowledge.search(ask(base.id, 'when does the shop open'));
      expect(again.hits[0]?.chunk.content).toContain('ten');
      expect(readChunks).toHaveBeenCalledTimes(2);
    });

    it('tries again at the next question after a build failed', async () => {
      const knowledge = service();
      const base = await knowledge.ingest({ name: 'Retry', sourceType: 'text', content: FAQ });
      const readChunks = vi
        .spyOn(database().models.KnowledgeChunk, 'findAll')
        .mockRejectedValueOnce(new Error('connection lost'));
      await expect(knowledge.search(ask(base.id, 'when are refunds paid?'))).rejects.toThrow(
        'connection lost',
      );
      const retried = await knowledge.search(ask(base.id, 'when are refunds paid?'));
      expect(retried.hits[0]?.chunk.title).toBe('Refunds');
      expect(readChunks).toHaveBeenCalledTimes(2);
    });
  });

  describe('hybrid retrieval through a loopback embeddings endpoint', () => {
    let provider: OpenAiCompatibleServer;
    beforeAll(async () => {
      provider = await startOpenAiCompatibleServer();
    });
    afterAll(() => provider.close());
    const embedded = () =>
      provider.requests
        .filter((request) => request.path.endsWith('/embeddings'))
        .flatMap((request) => request.body.input ?? []);
    const hybrid = (onEmbeddingError?: (error: unknown) => void) =>
      createKnowledgeService({
        db: database(),
        embedder: createOpenAiEmbedder({
          baseUrl: provider.baseUrl,
          apiKey: 'k',
          model: 'fake-embed',
        }),
        ...(onEmbeddingError ? { onEmbeddingError } : {}),
      });
    const SHOP =
      '# Refunds\nRefunds are paid within 30 days.\n\n# Shipping\nParcels leave Lyon every weekday.\n\n# Gift cards\nGift cards never expire.';

    it('embeds passages once, re-embeds only changed ones, and finds what words alone miss', async () => {
      provider.failEmbeddings(null);
      const knowledge = hybrid();
      const base = await knowledge.ingest({ name: 'Shop', sourceType: 'text', content: SHOP });
      const before = embedded().length;
      const first = await knowledge.search({
        knowledgeBaseIds: [base.id],
        question: 'when are refunds paid?',
        limit: 3,
      });
      expect(first.retrieval).toBe('hybrid');
      expect(first.hits[0]?.chunk.title).toBe('Refunds');
      // Three passages and the question.
      expect(embedded().length - before).toBe(4);
      expect(
        await database().models.KnowledgeEmbedding.count({ where: { model: 'fake-embed' } }),
      ).toBeGreaterThanOrEqual(3);

      // One word with no BM25 match: the vectors (shared letter trigrams) still find it.
      const dense = await knowledge.search({
        knowledgeBaseIds: [base.id],
        question: 'giftcard',
        limit: 1,
      });
      expect(dense.hits[0]).toMatchObject({
        chunk: { title: 'Gift cards' },
        score: 0,
        coverage: 0,
      });
      expect(
        (await service().search({ knowledgeBaseIds: [base.id], question: 'giftcard', limit: 1 }))
          .hits,
      ).toEqual([]);

      await base.update({ content: SHOP.replace('every weekday', 'on Mondays') });
      await knowledge.reindex(base.id);
      const reindexed = embedded().length;
      await knowledge.search({
        knowledgeBaseIds: [base.id],
        question: 'when do parcels leave',
        limit: 3,
      });
      // The changed passage and the question; the two unchanged passages keep their vectors.
      expect(embedded().slice(reindexed)).toEqual([
        'Shipping\nParcels leave Lyon on Mondays.',
        'when do parcels leave',
      ]);
    });

    it('answers with BM25 alone when the embeddings endpoint fails', async () => {
      const errors: unknown[] = [];
      provider.failEmbeddings(500);
      const knowledge = hybrid((error) => errors.push(error));
      const base = await knowledge.ingest({
        name: 'Shop 2',
        sourceType: 'text',
        content: SHOP.replace('30 days', '31 days'),
      });
      const result = await knowledge.search({
        knowledgeBaseIds: [base.id],
        question: 'when are refunds paid?',
        limit: 3,
      });
      expect(result.retrieval).toBe('bm25');
      expect(result.hits[0]?.chunk.content).toContain('31 days');
      expect(String(errors[0])).toContain('HTTP 500');
      provider.failEmbeddings(null);
    });
  });
});
