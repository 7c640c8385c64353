import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@parley/protocol';
import { DATABASE_KINDS } from '@parley/test-kit';
import { serveLocalSite } from '../test-support/local-site.ts';
import { useMigratedDatabase } from '@parley/db/test-support';
import { DEFAULT_FETCH_LIMITS } from './fetch-document.ts';
import { createKnowledgeService } from './knowledge-service.ts';

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
});
