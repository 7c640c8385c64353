import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { TAnalyticsOverview, TAnalyticsSeries } from '@parley/protocol';
import { api, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { askOk, connectWidget } from './support/widget-client.ts';

// Issue #12: what the provider calls cost, per day and per widget, from `estimated_cost`.
describe.each(DATABASE_KINDS)('provider cost in analytics on %s', (kind) => {
  let t: TestServer;
  let token: string;
  const widgetIds: string[] = [];
  beforeAll(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    token = (await setupAdmin(t.url)).accessToken;
    for (const [index, costs] of [[0.0012, 0.0003], [0.5]].entries()) {
      const widget = await seedWidget(t.db, { name: `Widget ${index}` });
      widgetIds.push(widget.id);
      const visitor = await connectWidget(t.url, { widgetKey: widget.widgetKey });
      const { session } = await askOk(visitor, 'session:start', {
        page: { url: 'https://shop.example.com/', title: 'Shop' },
      });
      visitor.close();
      for (const estimatedCost of [...costs, null])
        await t.db.models.AiInteractionLog.create({
          sessionId: session.id,
          query: 'q',
          response: 'a',
          modelUsed: 'gpt-4o-mini',
          decision: 'answered',
          estimatedCost,
        });
    }
  });
  afterAll(() => t?.close());

  it('sums estimated costs in the overview and per day, for all widgets or one', async () => {
    const overview = (query = '') =>
      api<TAnalyticsOverview>(t.url, `GET /api/v1/analytics/overview${query}`, { token });
    expect((await overview()).body.estimatedCost).toBe(0.5015);
    expect((await overview(`?widget=${widgetIds[0]}`)).body.estimatedCost).toBe(0.0015);
    expect((await overview()).body.costByWidget).toEqual([
      { widgetId: widgetIds[1], widgetName: 'Widget 1', estimatedCost: 0.5 },
      { widgetId: widgetIds[0], widgetName: 'Widget 0', estimatedCost: 0.0015 },
    ]);
    expect((await overview(`?widget=${widgetIds[0]}`)).body.costByWidget).toEqual([
      { widgetId: widgetIds[0], widgetName: 'Widget 0', estimatedCost: 0.0015 },
    ]);
    const series = await api<TAnalyticsSeries>(
      t.url,
      `GET /api/v1/analytics/timeseries?widget=${widgetIds[1]}`,
      { token },
    );
    const today = new Date().toISOString().slice(0, 10);
    const days = series.body.days;
    expect(days.find((day) => day.day === today)?.estimatedCost).toBe(0.5);
    expect(days.filter((day) => day.day !== today).every((day) => day.estimatedCost === 0)).toBe(
      true,
    );
  });
});
