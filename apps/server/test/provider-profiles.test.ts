import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DATABASE_KINDS,
  startOpenAiCompatibleServer,
  type OpenAiCompatibleServer,
} from '@parley/test-kit';
import { createAiFeature } from '../src/features/ai/ai-feature.ts';
import { openVisitorTab } from './support/ai-fixture.ts';
import { api, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

type Body = Record<string, unknown> & {
  error?: { code: string; details?: { field?: string } };
};

const chatCalls = (provider: OpenAiCompatibleServer) =>
  provider.requests.filter((request) => request.path.endsWith('/chat/completions'));

describe.each(DATABASE_KINDS)('provider profiles with a fallback chain on %s', (kind) => {
  let t: TestServer;
  let token: string;
  let first: OpenAiCompatibleServer;
  let second: OpenAiCompatibleServer;
  let firstId: string;
  let secondId: string;
  let widgetId: string;
  let widgetKey: string;
  const admin = (route: string, body?: unknown) => api<Body>(t.url, route, { token, body });

  beforeAll(async () => {
    first = await startOpenAiCompatibleServer();
    second = await startOpenAiCompatibleServer();
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      // No AI_BASE_URL: the profiles are the only providers. Both listen on loopback.
      env: { ENCRYPTION_KEY: 'cd'.repeat(32), AI_ALLOW_PRIVATE_NETWORKS: 'true' },
      ai: (parts) =>
        createAiFeature({
          ...parts,
          providerTimeouts: { firstTokenMs: 400 },
          providerRetry: { maxAttempts: 1 },
        }),
    });
    token = (await setupAdmin(t.url)).accessToken;
    const profile = async (name: string, provider: OpenAiCompatibleServer, models: string[]) => {
      const created = await admin('POST /api/v1/provider-keys', {
        service: 'openai',
        name,
        baseUrl: provider.baseUrl,
        keyValue: `sk-${name}-0123456789`,
        models,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name, models, keyHint: '…6789' });
      expect(JSON.stringify(created.body)).not.toContain(`sk-${name}`);
      return String(created.body.id);
    };
    firstId = await profile('primary', first, ['big-model']);
    secondId = await profile('backup', second, ['small-model']);
    const widget = await seedWidget(t.db);
    widgetId = widget.id;
    widgetKey = widget.widgetKey;
    const chosen = await admin(`PATCH /api/v1/widgets/${widgetId}`, {
      contextMode: 'open',
      providerKeyIds: [firstId, secondId],
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body.providerKeyIds).toEqual([firstId, secondId]);
  });
  afterAll(async () => {
    await t?.close();
    await first?.close();
    await second?.close();
  });

  it("answers from the widget's first profile, with its model and key", async () => {
    first.enqueue({ type: 'stream', deltas: ['From the ', 'primary.'] });
    const before = chatCalls(second).length;
    const tab = await openVisitorTab(t.url, { widgetKey });
    const [answer] = await tab.ask('What colours does the tent come in?');
    tab.close();
    expect(answer).toMatchObject({ senderType: 'ai', content: 'From the primary.' });
    expect(chatCalls(first).at(-1)).toMatchObject({
      authorization: 'Bearer sk-primary-0123456789',
      body: { model: 'big-model' },
    });
    expect(chatCalls(second).length).toBe(before);
  });

  it('falls back to the next profile when the first gives no first token in time', async () => {
    first.enqueue({ type: 'stall' });
    second.enqueue({ type: 'stream', deltas: ['From the ', 'backup.'] });
    const tab = await openVisitorTab(t.url, { widgetKey });
    const [answer] = await tab.ask('Do you sell sleeping bags for winter?');
    tab.close();
    expect(answer).toMatchObject({ senderType: 'ai', content: 'From the backup.' });
    expect(chatCalls(first).at(-1)?.body.messages?.at(-1)?.content).toContain('sleeping bags');
    expect(chatCalls(second).at(-1)).toMatchObject({
      authorization: 'Bearer sk-backup-0123456789',
      body: { model: 'small-model' },
    });
    // Both attempts are accounted to their own profile.
    await expect
      .poll(async () => (await t.db.models.ApiKeyUsage.findAll()).map((row) => row.apiKeyId).sort())
      .toEqual(expect.arrayContaining([firstId, secondId]));
  });

  it('falls back to the next profile when the first answers with an error', async () => {
    first.enqueue({ type: 'status', status: 503 });
    second.enqueue({ type: 'stream', deltas: ['Backup again.'] });
    const tab = await openVisitorTab(t.url, { widgetKey });
    const [answer] = await tab.ask('Can I return boots that I wore once?');
    tab.close();
    expect(answer?.content).toBe('Backup again.');
  });

  it("uses a context rule's profiles over the widget's", async () => {
    const rule = await admin('POST /api/v1/context-rules', {
      name: 'Backup only',
      providerKeyIds: [secondId],
    });
    expect(rule.status).toBe(201);
    const routed = await admin(`PATCH /api/v1/widgets/${widgetId}`, {
      contextRuleId: rule.body.id,
    });
    expect(routed.status).toBe(200);
    second.enqueue({ type: 'stream', deltas: ['Rule profile.'] });
    const before = chatCalls(first).length;
    const tab = await openVisitorTab(t.url, { widgetKey });
    const [answer] = await tab.ask('Is the rain jacket waterproof?');
    tab.close();
    expect(answer?.content).toBe('Rule profile.');
    expect(chatCalls(first).length).toBe(before);
    await admin(`PATCH /api/v1/widgets/${widgetId}`, { contextRuleId: null });
  });

  it('refuses unknown profiles and empty model lists, and changes nothing', async () => {
    const unknown = await admin(`PATCH /api/v1/widgets/${widgetId}`, {
      providerKeyIds: [firstId, randomUUID()],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({
      code: 'INVALID_PAYLOAD',
      details: { field: 'providerKeyIds' },
    });
    expect((await t.db.models.WidgetConfig.findByPk(widgetId))?.providerKeyIds).toEqual([
      firstId,
      secondId,
    ]);
    const badRule = await admin('POST /api/v1/context-rules', {
      name: 'Broken',
      providerKeyIds: [randomUUID()],
    });
    expect(badRule.status).toBe(400);
    expect(await t.db.models.ContextRule.count({ where: { name: 'Broken' } })).toBe(0);
    const noModels = await admin(`PATCH /api/v1/provider-keys/${firstId}`, { models: [] });
    expect(noModels.status).toBe(400);
    expect((await t.db.models.ApiKey.findByPk(firstId))?.models).toEqual(['big-model']);
  });

  it('lets an admin change the models without the key, but not where the key is sent', async () => {
    const models = await admin(`PATCH /api/v1/provider-keys/${firstId}`, {
      models: ['big-model', 'big-model-mini'],
    });
    expect(models.status).toBe(200);
    const moved = await admin(`PATCH /api/v1/provider-keys/${firstId}`, {
      baseUrl: second.baseUrl,
    });
    expect(moved.status).toBe(400);
    expect(moved.body.error?.details?.field).toBe('keyValue');
    expect((await t.db.models.ApiKey.findByPk(firstId))?.baseUrl).toBe(first.baseUrl);
  });
});
