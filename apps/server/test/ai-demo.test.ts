import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import { createAiFeature } from '../src/features/ai/ai-feature.ts';
import { DEMO_WIDGET_KEY, seedDemo } from '../src/features/demo/demo-seed.ts';
import { openVisitorTab } from './support/ai-fixture.ts';
import { ALLOWED_ORIGIN } from './support/widget-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

// The zero-configuration promise (SPEC §3): no AI provider, the seeded demo answers questions
// about Parley from its FAQ, refuses others, and offers a person when it does not know.
describe.each(DATABASE_KINDS)('the demo assistant without an AI provider on %s', (kind) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      ai: (parts) => createAiFeature(parts),
    });
    await seedDemo(t.db, { demoOrigins: [ALLOWED_ORIGIN], serverOrigin: t.url });
  });
  afterAll(() => t?.close());

  it('answers from the FAQ with its source, refuses off-topic, and offers a person otherwise', async () => {
    const tab = await openVisitorTab(t.url, { widgetKey: DEMO_WIDGET_KEY });
    const [providers] = await tab.ask('Which AI providers can I use with Parley?');
    expect(providers).toMatchObject({ senderType: 'ai' });
    expect(providers?.content).toContain('OpenAI-compatible');
    // Related FAQ questions come with it, for the widget's follow-up chips.
    expect(providers?.suggestions?.length).toBeGreaterThan(0);
    expect(providers?.suggestions?.every((question) => question.endsWith('?'))).toBe(true);
    expect(providers?.sources?.[0]?.title).toBe('Which AI providers does Parley support?');
    const [offTopic] = await tab.ask('What is the capital of Peru?');
    expect(offTopic?.content).toContain('I can only help with questions about Parley');
    const [unknown] = await tab.ask('Does Parley integrate with my fridge?');
    expect(unknown?.content).toMatch(/don't know.*person/);
    tab.close();
  });
});
