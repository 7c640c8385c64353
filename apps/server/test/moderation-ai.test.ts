import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TMessage, TSession } from '@parley/protocol';
import {
  DATABASE_KINDS,
  startOpenAiCompatibleServer,
  type OpenAiCompatibleServer,
} from '@parley/test-kit';
import { createAiFeature } from '../src/features/ai/ai-feature.ts';
import { eventually } from './support/moderation-fixture.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { ask, askOk, connectWidget } from './support/widget-client.ts';

describe.each(DATABASE_KINDS)('moderation around the real AI pipeline on %s', (kind) => {
  let t: TestServer;
  let provider: OpenAiCompatibleServer;
  let session: TSession;
  const received: Array<[string, unknown]> = [];
  let send: (content: string) => Promise<{ ok: boolean; error?: { code: string } }>;
  const promptsText = () => JSON.stringify(provider.requests.map((r) => r.body.messages));

  beforeAll(async () => {
    provider = await startOpenAiCompatibleServer();
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: { AI_BASE_URL: provider.baseUrl, AI_API_KEY: 'sk-test', AI_MODEL: 'fake-1' },
      ai: (parts) => createAiFeature(parts),
    });
    await t.server.moderation.rules.createModerationRule({
      name: 'threat',
      pattern: 'kill yourself',
      action: 'block',
    });
    const rule = await t.db.models.ContextRule.create({ name: 'Shop', contextType: 'shop' });
    const widget = await seedWidget(t.db);
    await widget.update({ contextMode: 'open', contextRuleId: rule.id });
    const socket = await connectWidget(t.url, { widgetKey: widget.widgetKey });
    socket.onAny((event: string, payload: unknown) => received.push([event, payload]));
    session = (
      await askOk(socket, 'session:start', {
        page: { url: 'https://shop.example.com/', title: 'Shop' },
      })
    ).session;
    send = (content) =>
      ask(socket, 'message:send', { sessionId: session.id, clientId: randomUUID(), content });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  const answers = () =>
    received
      .filter(([name]) => name === 'message:new' || name === 'message:done')
      .map(([name, payload]) =>
        name === 'message:done'
          ? (payload as { message: TMessage }).message
          : (payload as TMessage),
      )
      .filter((m) => m.senderType !== 'visitor');

  it('never shows a blocked visitor message to the AI, then or in later history', async () => {
    expect(await send('please K I L L yourself')).toMatchObject({
      ok: false,
      error: { code: 'BLOCKED_BY_MODERATION' },
    });
    expect(provider.requests).toHaveLength(0);
    provider.enqueue({ type: 'stream', deltas: ['Sure, ', 'happy to help.'] });
    expect(await send('what are your opening hours?')).toMatchObject({ ok: true });
    await eventually(() => answers().find((m) => m.content === 'Sure, happy to help.'));
    expect(promptsText()).toContain('opening hours');
    expect(promptsText()).not.toMatch(/K I L L/);
  });

  it('withholds a streamed AI answer that breaks a rule, and keeps it out of the next prompt', async () => {
    const before = received.length;
    provider.enqueue({ type: 'stream', deltas: ['Well, ', 'you should kill ', 'yourself.'] });
    await send('any advice?');
    const notice = await eventually(() =>
      answers().find((m) => m.code === 'BLOCKED_BY_MODERATION'),
    );
    const stored = await t.db.models.ChatMessage.findOne({
      where: { sessionId: session.id, senderType: 'ai', status: 'moderated' },
    });
    expect(stored?.content).toBe('Well, you should kill yourself.');
    expect(notice.seq).toBeGreaterThan(stored!.seq);
    // Deltas flow until the phrase is complete; from then on nothing more is relayed.
    const shown = JSON.stringify(received.slice(before));
    expect(shown).toContain('you should kill ');
    expect(shown).not.toMatch(/yourself/i);
    provider.enqueue({ type: 'stream', deltas: ['Fine.'] });
    await send('and now?');
    await eventually(() => answers().find((m) => m.content === 'Fine.'));
    expect(promptsText()).not.toMatch(/kill/i);
  });
});
