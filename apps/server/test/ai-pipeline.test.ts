import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { MessageDelta } from '@parley/protocol';
import {
  DATABASE_KINDS,
  startOpenAiCompatibleServer,
  type OpenAiCompatibleServer,
} from '@parley/test-kit';
import { createAiFeature, type AiFeature } from '../src/features/ai/ai-feature.ts';
import { openVisitorTab } from './support/ai-fixture.ts';
import { api, createAgent, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const FAQ =
  '# Refunds\nRefunds are paid within 30 days of purchase.\n\n# Shipping\nParcels leave Lyon every weekday.';

describe.each(DATABASE_KINDS)('the AI pipeline over real sockets on %s', (kind) => {
  let t: TestServer;
  let provider: OpenAiCompatibleServer;
  let ai: AiFeature | undefined;
  let restrictedKey: string;
  let restrictedId: string;
  let openKey: string;
  let ruleId: string;

  beforeAll(async () => {
    provider = await startOpenAiCompatibleServer();
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: {
        AI_BASE_URL: provider.baseUrl,
        AI_API_KEY: 'sk-test',
        AI_MODEL: 'fake-1',
        RESPONDER_TIMEOUT_MS: '5000',
      },
      ai: (parts) =>
        (ai = createAiFeature({
          ...parts,
          providerTimeouts: { firstTokenMs: 500 },
          providerRetry: { baseDelayMs: 10, maxDelayMs: 20 },
        })),
    });
    const base = await ai!.knowledge.ingest({ name: 'Shop FAQ', sourceType: 'text', content: FAQ });
    const rule = await t.db.models.ContextRule.create({
      name: 'Shop',
      contextType: 'shop',
      keywords: ['refund', 'order'],
      excludedTopics: ['politics'],
      refusalMessage: 'I only answer questions about the shop.',
      knowledgeBaseIds: [base.id],
    });
    ruleId = rule.id;
    const restricted = await seedWidget(t.db);
    await restricted.update({ contextMode: 'restricted', contextRuleId: rule.id });
    const open = await seedWidget(t.db);
    await open.update({ contextMode: 'open', contextRuleId: rule.id });
    restrictedKey = restricted.widgetKey;
    restrictedId = restricted.id;
    openKey = open.widgetKey;
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  it('refuses off-topic (restricted) and excluded topics (open) with zero provider calls', async () => {
    const calls = provider.requests.length;
    const restricted = await openVisitorTab(t.url, { widgetKey: restrictedKey });
    const [refusal] = await restricted.ask('Write me a poem about the sea');
    expect(refusal).toMatchObject({
      senderType: 'ai',
      content: 'I only answer questions about the shop.',
    });
    const open = await openVisitorTab(t.url, { widgetKey: openKey });
    const [excluded] = await open.ask('What do you think about politics?');
    expect(excluded?.content).toBe('I only answer questions about the shop.');
    expect(provider.requests.length).toBe(calls);
    // The log rows are written just after the answer is committed.
    await expect
      .poll(async () =>
        (await t.db.models.AiInteractionLog.findAll({ where: { decision: 'refused' } }))
          .map((row) => row.refusalReason)
          .sort(),
      )
      .toEqual(['excluded_topic', 'off_topic']);
    restricted.close();
    open.close();
  });

  it('streams an on-topic answer: deltas in order, committed text = their concatenation, usage recorded', async () => {
    provider.enqueue({
      type: 'stream',
      deltas: ['Refunds ', 'take ', '30 days.'],
      delayMs: 5,
      usage: { promptTokens: 40, completionTokens: 3 },
    });
    const tab = await openVisitorTab(t.url, { widgetKey: restrictedKey });
    const [answer] = await tab.ask('How long does a refund take?');
    const deltas = tab.events
      .filter(([name]) => name === 'message:delta')
      .map(([, payload]) => payload as MessageDelta);
    expect(deltas.map((delta) => delta.text)).toEqual(['Refunds ', 'take ', '30 days.']);
    expect(deltas.map((delta) => delta.index)).toEqual([0, 1, 2]);
    expect(answer).toMatchObject({
      senderType: 'ai',
      content: 'Refunds take 30 days.',
      id: deltas[0]!.messageId,
    });
    expect(answer?.sources?.[0]?.title).toBe('Refunds');
    const stored = await t.db.models.ChatMessage.findByPk(answer!.id);
    expect(stored?.content).toBe('Refunds take 30 days.');
    expect(await t.db.models.ApiKeyUsage.findOne({ where: { tokensIn: 40 } })).toMatchObject({
      statusCode: 200,
      tokensOut: 3,
    });
    tab.close();
  });

  it('serves the same question from the cache with zero provider calls; editing the rule makes it a miss', async () => {
    provider.enqueue({ type: 'stream', deltas: ['We ship ', 'every weekday.'] });
    const tab = await openVisitorTab(t.url, { widgetKey: restrictedKey });
    const [first] = await tab.ask('When do you ship an order?');
    const calls = provider.requests.length;
    const other = await openVisitorTab(t.url, { widgetKey: restrictedKey });
    const [second] = await other.ask('when do you SHIP an order');
    expect(second?.content).toBe(first?.content);
    expect(provider.requests.length).toBe(calls);
    // The log row is written after the answer, with the next batch of bookkeeping.
    await vi.waitFor(
      async () =>
        expect(
          await t.db.models.AiInteractionLog.count({ where: { cacheHit: true } }),
        ).toBeGreaterThanOrEqual(1),
      { timeout: 10_000, interval: 20 },
    );

    const { accessToken } = await setupAdmin(t.url);
    const edit = await api(t.url, `PATCH /api/v1/context-rules/${ruleId}`, {
      token: accessToken,
      body: { keywords: ['refund', 'order', 'shipping'] },
    });
    expect(edit.status).toBe(200);
    provider.enqueue({ type: 'stream', deltas: ['Fresh: every weekday.'] });
    // A fresh visitor on the page the dry run pretends (the key covers page title and URL, and a
    // prompt holding earlier turns is never cached: issue #16).
    const dryRunPage = { url: 'https://shop.example.com/help', title: '' };
    const third = await openVisitorTab(t.url, { widgetKey: restrictedKey, page: dryRunPage });
    const [fresh] = await third.ask('When do you ship an order?');
    expect(fresh?.content).toBe('Fresh: every weekday.');
    expect(provider.requests.length).toBe(calls + 1);

    const dryRun = await api(t.url, `POST /api/v1/context-rules/${ruleId}/test`, {
      token: accessToken,
      body: {
        question: 'When do you ship an order?',
        widgetId: restrictedId,
        pageUrl: dryRunPage.url,
      },
    });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toMatchObject({
      decision: 'answer',
      reason: 'keyword_match',
      matchedKeywords: ['order'],
      cache: 'hit',
      answer: 'Fresh: every weekday.',
    });
    expect(dryRun.body.renderedPrompt).toContain('When do you ship an order?');
    const offTopic = await api(t.url, `POST /api/v1/context-rules/${ruleId}/test`, {
      token: accessToken,
      body: { question: 'Tell me about politics' },
    });
    expect(offTopic.body).toMatchObject({
      decision: 'refuse',
      reason: 'excluded_topic',
      answer: 'I only answer questions about the shop.',
    });
    expect(provider.requests.length).toBe(calls + 1);
    expect(
      (await api(t.url, `POST /api/v1/context-rules/${ruleId}/test`, { body: { question: 'x' } }))
        .status,
    ).toBe(401);
    const agent = await createAgent(t.url, accessToken);
    for (const route of [
      `POST /api/v1/context-rules/${ruleId}/test`,
      'GET /api/v1/ai/logs',
      'DELETE /api/v1/ai/cache',
    ])
      expect(
        (
          await api(t.url, route, {
            token: agent.accessToken,
            ...(route.startsWith('POST') ? { body: { question: 'x' } } : {}),
          })
        ).status,
      ).toBe(403);
    const logs = await api<{ items: Array<{ cacheHit: boolean; decision: string }> }>(
      t.url,
      'GET /api/v1/ai/logs?decision=answered',
      { token: accessToken },
    );
    expect(logs.body.items.some((row) => row.cacheHit)).toBe(true);
    expect(logs.body.items.every((row) => row.decision === 'answered')).toBe(true);
    expect((await api(t.url, 'GET /api/v1/ai/cache', { token: accessToken })).body).toMatchObject({
      hits: 1,
    });
    const purge = await api<{ deleted: number }>(t.url, 'DELETE /api/v1/ai/cache', {
      token: accessToken,
    });
    expect(purge.body.deleted).toBeGreaterThanOrEqual(2);
    expect(await t.db.models.AiResponseCache.count()).toBe(0);
    tab.close();
    other.close();
    third.close();
  });

  it('ends an AI failure in AI_UNAVAILABLE: 500 forever, a stall, and a stream dropped midway', async () => {
    const tab = await openVisitorTab(t.url, { widgetKey: restrictedKey });
    provider.enqueue(
      { type: 'status', status: 500 },
      { type: 'status', status: 500 },
      { type: 'status', status: 500 },
    );
    const started = Date.now();
    const [outage] = await tab.ask('Can I change my order?');
    expect(outage).toMatchObject({ senderType: 'system', code: 'AI_UNAVAILABLE' });

    provider.enqueue({ type: 'stall' });
    const [stalled] = await tab.ask('Can I cancel my order today?');
    expect(stalled).toMatchObject({ senderType: 'system', code: 'AI_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(4_000);

    provider.enqueue({ type: 'drop', deltas: ['Half of ', 'an answer'] });
    const [partial, notice] = await tab.ask('Where is my refund?', 2);
    expect(partial).toMatchObject({
      senderType: 'ai',
      content: 'Half of an answer',
      isIncomplete: true,
    });
    expect(notice).toMatchObject({ senderType: 'system', code: 'AI_UNAVAILABLE' });
    expect(
      await t.db.models.AiResponseCache.count({ where: { query: 'Can I change my order?' } }),
    ).toBe(0);
    tab.close();
  });
});

describe.each(DATABASE_KINDS)('the knowledge answerer (no provider) on %s', (kind) => {
  let t: TestServer;
  let ai: AiFeature | undefined;
  let widgetKey: string;

  beforeAll(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      ai: (parts) => (ai = createAiFeature(parts)),
    });
    const base = await ai!.knowledge.ingest({
      name: 'Help',
      sourceType: 'file',
      fileName: 'help.md',
      content: FAQ,
    });
    const rule = await t.db.models.ContextRule.create({
      name: 'Help',
      contextType: 'help',
      useKnowledgeBases: true,
      knowledgeBaseIds: [base.id],
    });
    const widget = await seedWidget(t.db);
    await widget.update({ contextMode: 'open', contextRuleId: rule.id });
    widgetKey = widget.widgetKey;
  });
  afterAll(() => t?.close());

  it('answers from an ingested document and cites it, or says it does not know and offers a human', async () => {
    const tab = await openVisitorTab(t.url, { widgetKey });
    const [known] = await tab.ask('Where do parcels leave from?');
    expect(known).toMatchObject({
      senderType: 'ai',
      content: 'Parcels leave Lyon every weekday. [1]',
    });
    expect(known?.sources).toEqual([expect.objectContaining({ title: 'Shipping' })]);
    const [unknown] = await tab.ask('Do you sell gift cards?');
    expect(unknown?.content).toMatch(/don't know.*person/);
    tab.close();
  });
});
