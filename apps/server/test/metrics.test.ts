import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import { createAiFeature } from '../src/features/ai/ai-feature.ts';
import { openVisitorTab, type VisitorTab } from './support/ai-fixture.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/** The value of one sample line (`name{labels} value`), or 0 when the series is absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function scrape(url: string, token?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, text: await response.text() };
}

describe.each(DATABASE_KINDS)('Prometheus /metrics on %s', (kind) => {
  const token = 'metrics-token-for-the-test';
  let t: TestServer;
  let widgetKey: string;
  let tab: VisitorTab | undefined;

  beforeAll(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: { METRICS_TOKEN: token },
      ai: (parts) => createAiFeature(parts),
    });
    widgetKey = (await seedWidget(t.db)).widgetKey;
  });
  afterAll(async () => {
    tab?.close();
    await t?.close();
  });

  it('refuses a scrape without the configured token', async () => {
    const { status, text } = await scrape(t.url);
    expect(status).toBe(401);
    expect(text).not.toContain('parley_');
  });

  it('counts sockets, persisted messages, acks and AI answers after a real visitor message', async () => {
    const before = (await scrape(t.url, token)).text;
    expect(sample(before, 'parley_messages_persisted_total{sender="visitor"}')).toBe(0);

    tab = await openVisitorTab(t.url, { widgetKey });
    const replies = await tab.ask('What are your opening hours?');
    expect(replies.length).toBeGreaterThan(0);

    const { status, text } = await scrape(t.url, token);
    expect(status).toBe(200);
    expect(sample(text, 'parley_sockets_connected{namespace="/widget"}')).toBe(1);
    expect(sample(text, 'parley_messages_persisted_total{sender="visitor"}')).toBe(1);
    const acks =
      'parley_socket_ack_duration_ms_count{namespace="/widget",event="message:send",ok="true"}';
    expect(sample(text, acks)).toBe(1);
    const aiAnswers =
      sample(text, 'parley_ai_cache_total{result="hit"}') +
      sample(text, 'parley_ai_cache_total{result="miss"}');
    expect(aiAnswers).toBe(1);
    expect(text).toMatch(/parley_ai_latency_ms_count\{phase="total",cache="(hit|miss)"\} 1/);
    expect(text).toContain('parley_ai_provider_errors_total 0');
    if (kind === 'mariadb') expect(sample(text, 'parley_db_pool_size')).toBeGreaterThan(0);
  });
});

describe.each(DATABASE_KINDS)('/metrics without a token on %s', (kind) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: { METRICS_PORT: '0' },
    });
  });
  afterAll(async () => t?.close());

  it('is absent from the public port and served on a loopback-only listener', async () => {
    const publicScrape = await scrape(t.url);
    expect(publicScrape.status).toBe(404);
    expect(publicScrape.text).not.toContain('parley_');

    const metricsUrl = t.server.metricsUrl();
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const local = await scrape(metricsUrl!);
    expect(local.status).toBe(200);
    expect(local.text).toContain('parley_sockets_connected');
    // The listener serves metrics and nothing else.
    expect((await fetch(`${metricsUrl!}/api/v1/auth/me`)).status).toBe(404);
  });
});
