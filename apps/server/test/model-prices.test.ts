import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TModelPrice, TModelPriceList } from '@parley/protocol';
import {
  DATABASE_KINDS,
  startOpenAiCompatibleServer,
  type OpenAiCompatibleServer,
} from '@parley/test-kit';
import { createAiFeature } from '../src/features/ai/ai-feature.ts';
import { openVisitorTab } from './support/ai-fixture.ts';
import { api, createAgent, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

type Body = Partial<TModelPrice & TModelPriceList> & {
  error?: { code: string; details?: { field?: string } };
};

// Issue #12: the price table behind `estimated_cost`, editable by admins.
describe.each(DATABASE_KINDS)('model prices set by admins on %s', (kind) => {
  let t: TestServer;
  let provider: OpenAiCompatibleServer;
  let token: string;
  let widgetKey: string;
  const admin = (route: string, body?: unknown) => api<Body>(t.url, route, { token, body });
  // The log row is written just after the answer is committed.
  const costOf = async (question: string) => {
    const find = () => t.db.models.AiInteractionLog.findOne({ where: { query: question } });
    await expect.poll(find).not.toBeNull();
    return (await find())?.estimatedCost;
  };
  const askPaid = async (question: string) => {
    provider.enqueue({
      type: 'stream',
      deltas: ['Answer.'],
      usage: { promptTokens: 1000, completionTokens: 500 },
    });
    const tab = await openVisitorTab(t.url, { widgetKey });
    await tab.ask(question);
    tab.close();
  };

  beforeAll(async () => {
    provider = await startOpenAiCompatibleServer();
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: {
        AI_BASE_URL: provider.baseUrl,
        AI_MODEL: 'house-model',
        AI_MODEL_PRICES: JSON.stringify({
          'env-model': { inputPerMillion: 3, outputPerMillion: 4 },
        }),
      },
      ai: (parts) => createAiFeature(parts),
    });
    token = (await setupAdmin(t.url)).accessToken;
    const widget = await seedWidget(t.db);
    await widget.update({ contextMode: 'open' });
    widgetKey = widget.widgetKey;
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  it('lists the built-in and environment prices with where each comes from', async () => {
    const listed = await admin('GET /api/v1/model-prices');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual(
      expect.arrayContaining([
        { model: 'gpt-4o-mini', inputPerMillion: 0.15, outputPerMillion: 0.6, source: 'builtin' },
        { model: 'env-model', inputPerMillion: 3, outputPerMillion: 4, source: 'env' },
      ]),
    );
    expect(listed.body.items?.some((item) => item.model === 'house-model')).toBe(false);
  });

  it('prices the next provider call with what an admin sets, and again after a change', async () => {
    await askPaid('What does an unpriced model cost?');
    expect(await costOf('What does an unpriced model cost?')).toBeNull();

    const set = await admin('PUT /api/v1/model-prices/house-model', {
      inputPerMillion: 1000,
      outputPerMillion: 2000,
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({
      model: 'house-model',
      inputPerMillion: 1000,
      outputPerMillion: 2000,
      source: 'admin',
    });
    await askPaid('What does the house model cost?');
    // 1000 tokens in at 1000 $/M and 500 out at 2000 $/M.
    expect(await costOf('What does the house model cost?')).toBe(2);

    await admin('PUT /api/v1/model-prices/house-model', {
      inputPerMillion: 0,
      outputPerMillion: 10,
    });
    await askPaid('And after the change?');
    expect(await costOf('And after the change?')).toBe(0.005);

    // An admin price also wins over a built-in one, and removing it restores the default.
    await admin('PUT /api/v1/model-prices/gpt-4o-mini', {
      inputPerMillion: 9,
      outputPerMillion: 9,
    });
    const removed = await admin('DELETE /api/v1/model-prices/gpt-4o-mini');
    expect(removed.status).toBe(204);
    const listed = await admin('GET /api/v1/model-prices');
    expect(listed.body.items).toEqual(
      expect.arrayContaining([
        { model: 'gpt-4o-mini', inputPerMillion: 0.15, outputPerMillion: 0.6, source: 'builtin' },
        { model: 'house-model', inputPerMillion: 0, outputPerMillion: 10, source: 'admin' },
      ]),
    );
  });

  it('refuses bad prices, bad names and agents, and changes nothing', async () => {
    const before = await t.db.models.ModelPrice.count();
    const negative = await admin('PUT /api/v1/model-prices/other-model', {
      inputPerMillion: -1,
      outputPerMillion: 1,
    });
    expect(negative.status).toBe(400);
    expect(negative.body.error).toMatchObject({
      code: 'INVALID_PAYLOAD',
      details: { field: 'inputPerMillion' },
    });
    const badName = await admin(`PUT /api/v1/model-prices/${encodeURIComponent('no spaces!')}`, {
      inputPerMillion: 1,
      outputPerMillion: 1,
    });
    expect(badName.status).toBe(400);
    expect(badName.body.error?.details?.field).toBe('model');
    const unknown = await admin('DELETE /api/v1/model-prices/never-set');
    expect(unknown.status).toBe(404);
    const agent = await createAgent(t.url, token);
    const refused = await api<Body>(t.url, 'PUT /api/v1/model-prices/other-model', {
      token: agent.accessToken,
      body: { inputPerMillion: 1, outputPerMillion: 1 },
    });
    expect(refused.status).toBe(403);
    expect(await t.db.models.ModelPrice.count()).toBe(before);
  });
});
