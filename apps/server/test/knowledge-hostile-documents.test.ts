import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TMessage } from '@parley/protocol';
import { DATABASE_KINDS } from '@parley/test-kit';
import { createAiFeature } from '../src/features/ai/ai-feature.ts';
import { openVisitorTab, type VisitorTab } from './support/ai-fixture.ts';
import { api, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const SPACES = ' '.repeat(30_000);

/** Pages a hostile third-party site serves, by path: [content type, body]. */
const HOSTILE_PAGES: Record<string, [string, string]> = {
  '/one-line.md': ['text/markdown', `# ${'x'.repeat(2_000_000)}`],
  '/nested.html': [
    'text/html',
    `${'<div>'.repeat(50_000)}deep${'</div>'.repeat(50_000)}<p>Shallow text survives.</p>`,
  ],
  '/unclosed.html': ['text/html', `<h1>Unclosed</h1>${'<b><i>'.repeat(30_000)}bold`],
  // U+FDFA folds to 18 characters: 120,000 of them would be 2,160,000 in the search index.
  '/expanding.txt': [
    'text/plain; charset=utf-8',
    Array.from({ length: 120 }, () => '\uFDFA'.repeat(1000)).join('\n'),
  ],
};

const FAQ =
  '# Refunds\nRefunds are paid within 30 days of purchase.\n\n# Shipping\nParcels leave Lyon every weekday.';
const REFUSAL = 'I only answer questions about the shop.';

/**
 * Questions within the default 4,000-character message limit that folding expands: ㎒ folds to
 * "mhz" (one 11,970-letter word), U+FDFA to four words. The first three each stalled the event
 * loop for 0.1 to 1 s in the knowledge search, which runs before the topic check.
 */
const HOSTILE_QUESTIONS = [
  '\u3392'.repeat(3990),
  'a'.repeat(4000),
  '\uFDFA'.repeat(4000),
  Array.from({ length: 160 }, (_, index) => `${'shipping'.repeat(3)}${index}`)
    .join(' ')
    .slice(0, 4000),
  `How long do refunds take? ${'\u3392'.repeat(3900)}`,
];

interface KnowledgeBaseRow {
  id: string;
  status: string;
  statusMessage: string | null;
}

/**
 * Issue #16, item 2: indexing a hostile document (a pattern that backtracks on runs of spaces,
 * deep markup, a 2 MB line) must never stall the chats the same server carries.
 */
describe.each(DATABASE_KINDS)('indexing hostile documents on %s', (kind) => {
  let t: TestServer;
  let site: Server;
  let siteUrl: string;
  let token: string;
  let visitor: VisitorTab;

  beforeAll(async () => {
    site = createServer((request, response) => {
      const page = HOSTILE_PAGES[request.url ?? ''];
      if (!page) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': page[0] }).end(page[1]);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: { AI_ALLOW_PRIVATE_NETWORKS: 'true' },
      ai: (parts) => createAiFeature(parts),
    });
    token = (await setupAdmin(t.url)).accessToken;
    const widget = await seedWidget(t.db);
    visitor = await openVisitorTab(t.url, { widgetKey: widget.widgetKey });
  });
  afterAll(async () => {
    visitor?.close();
    await t?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  const create = async (body: Record<string, unknown>) => {
    const created = await api<KnowledgeBaseRow>(t.url, 'POST /api/v1/knowledge-bases', {
      token,
      body,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  };
  /** Waits (reading the table, so the wait adds little load) until no base is left indexing. */
  const allSettled = async (ids: string[]) => {
    const { KnowledgeBaseConfig } = t.db.models;
    const isSettled = (status: string) => status === 'ready' || status === 'failed';
    await expect
      .poll(
        async () =>
          (await KnowledgeBaseConfig.findAll({ where: { id: ids } })).every((row) =>
            isSettled(row.status),
          ),
        { timeout: 120_000, interval: 250 },
      )
      .toBe(true);
  };
  /** What an admin (and the dashboard) reads for a base. */
  const read = async (id: string) =>
    (await api<KnowledgeBaseRow>(t.url, `GET /api/v1/knowledge-bases/${id}`, { token })).body;

  it('fails a document that Unicode normalisation would expand past the limit, with the reason', async () => {
    const id = await create({
      name: 'Expanding',
      sourceType: 'url',
      url: `${siteUrl}/expanding.txt`,
    });
    await allSettled([id]);
    const result = await read(id);
    expect(result).toMatchObject({ status: 'failed' });
    expect(result.statusMessage).toMatch(/after Unicode normalisation has 2,160,119 characters/);
  });

  it('answers every ping within 100 ms while hostile documents are indexed, and ends each ready or failed with a reason', async () => {
    const pings = startPinging(visitor);
    const ids = {
      spaces: await create({
        name: 'Spaces',
        sourceType: 'text',
        content: `# a${SPACES}#x\n#${SPACES}#${SPACES}\n\n# Refunds\nPaid within 30 days.\n${SPACES}`,
      }),
      oneLine: await create({ name: 'One line', sourceType: 'url', url: `${siteUrl}/one-line.md` }),
      nested: await create({ name: 'Nested', sourceType: 'url', url: `${siteUrl}/nested.html` }),
      unclosed: await create({
        name: 'Unclosed',
        sourceType: 'url',
        url: `${siteUrl}/unclosed.html`,
      }),
    };
    await allSettled(Object.values(ids));
    const lateness = await pings.stop();
    const results = {
      spaces: await read(ids.spaces),
      oneLine: await read(ids.oneLine),
      nested: await read(ids.nested),
      unclosed: await read(ids.unclosed),
    };

    expect(results.spaces).toMatchObject({ status: 'ready' });
    expect(results.oneLine).toMatchObject({ status: 'failed' });
    expect(results.oneLine.statusMessage).toMatch(/has 2,000,002 characters; at most .* indexed/);
    for (const result of [results.nested, results.unclosed]) {
      expect(['ready', 'failed']).toContain(result.status);
      if (result.status === 'failed') expect(result.statusMessage).toBeTruthy();
    }
    expect(results.nested).toMatchObject({ status: 'ready' });
    const chunks = await t.db.models.KnowledgeChunk.findAll({
      where: { knowledgeBaseId: [ids.spaces, ids.nested] },
    });
    const indexedText = chunks.map((chunk) => chunk.content).join('\n');
    expect(indexedText).toContain('Paid within 30 days.');
    expect(indexedText).toContain('Shallow text survives.');

    const sorted = [...lateness].sort((a, b) => a - b);
    const p99 = sorted[Math.floor(sorted.length * 0.99)] ?? 0;
    console.info(
      `${kind}: ${lateness.length} pings, p99 ${p99.toFixed(1)} ms, slowest ${sorted.at(-1)?.toFixed(1)} ms`,
    );
    expect(lateness.length).toBeGreaterThan(10);
    expect(Math.max(...lateness)).toBeLessThan(100);
  });

  it('answers every ping within 100 ms while visitors send questions that folding expands', async () => {
    const baseId = await create({ name: 'Shop FAQ', sourceType: 'text', content: FAQ });
    await allSettled([baseId]);
    const rule = await t.db.models.ContextRule.create({
      name: 'Shop',
      contextType: 'shop',
      refusalMessage: REFUSAL,
      knowledgeBaseIds: [baseId],
    });
    const widget = await seedWidget(t.db);
    await widget.update({ contextMode: 'restricted', contextRuleId: rule.id });
    const askers = await Promise.all(
      HOSTILE_QUESTIONS.map(() => openVisitorTab(t.url, { widgetKey: widget.widgetKey })),
    );
    // An ordinary question first: it builds the search index (once per version, not measured
    // here) and is still answered from the knowledge base.
    const [answer] = await askers[0]!.ask('How long do refunds take?');
    expect(answer?.content).toContain('30 days');

    // Five visitors at once, round after round for a second, so the pings cover a stretch of
    // hostile traffic however fast it is answered.
    const pings = startPinging(visitor);
    const startedAt = performance.now();
    let replies: TMessage[][] = [];
    do
      replies = await Promise.all(
        HOSTILE_QUESTIONS.map((question, index) => askers[index]!.ask(question)),
      );
    while (performance.now() - startedAt < 1000);
    const lateness = await pings.stop();
    askers.forEach((asker) => asker.close());

    // Each is refused or answered as before, only without the stall.
    for (const [reply] of replies) expect(reply?.senderType).toBe('ai');
    expect(replies[0]?.[0]?.content).toBe(REFUSAL);
    const sorted = [...lateness].sort((a, b) => a - b);
    console.info(
      `${kind}: hostile questions, ${lateness.length} pings, slowest ${sorted.at(-1)?.toFixed(1)} ms`,
    );
    expect(lateness.length).toBeGreaterThan(10);
    expect(Math.max(...lateness)).toBeLessThan(100);
  });
});

/**
 * A visitor socket sending `typing` (acked, no database) every 25 ms. Each ping's lateness is
 * measured from when it was due, so a stalled event loop counts even while a ping waits its turn.
 */
function startPinging(visitor: VisitorTab): { stop(): Promise<number[]> } {
  const lateness: number[] = [];
  let isStopped = false;
  const loop = (async () => {
    let due = performance.now();
    while (!isStopped) {
      await visitor.socket
        .timeout(10_000)
        .emitWithAck('typing', { sessionId: visitor.session.id, isTyping: true });
      lateness.push(performance.now() - due);
      due += 25;
      const wait = due - performance.now();
      // Pacing is the measurement: each ping is due 25 ms after the last one.
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      else due = performance.now();
    }
  })();
  return {
    async stop() {
      isStopped = true;
      await loop;
      return lateness;
    },
  };
}
