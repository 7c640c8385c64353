import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MessageDelta, TMessage, TSession, TypingEvent } from '@parley/protocol';
import { DATABASE_KINDS } from '@parley/test-kit';
import type {
  ConversationResponder,
  ResponderInput,
} from '../src/features/conversations/conversation-responder.ts';
import { seedWidget } from './support/seed-widget.ts';
import { ask, askOk, connectWidget, type WidgetTestSocket } from './support/widget-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/**
 * A real responder, driven by what the visitor writes: `stream …` answers in two deltas,
 * `plain …` answers at once, `break …` streams then throws, `hang …` never finishes.
 */
function createScriptedResponder(seen: ResponderInput[]): ConversationResponder {
  return {
    async respond(input, output) {
      seen.push(input);
      const text = input.message.content;
      output.typing(true);
      if (text.startsWith('plain')) {
        await output.commit({ content: `Plain answer to: ${text}` });
      } else if (text.startsWith('stream')) {
        output.delta('You said: ');
        output.delta(text);
        await output.commit({ content: `You said: ${text}`, sources: [{ title: 'FAQ' }] });
      } else if (text.startsWith('think')) {
        output.delta('Let me think');
        await new Promise((resolve) => output.signal.addEventListener('abort', resolve));
      } else if (text.startsWith('break')) {
        output.delta('Half an ans');
        throw new Error('provider connection reset');
      } else {
        await new Promise((resolve) => output.signal.addEventListener('abort', resolve));
      }
    },
  };
}

const page = { url: 'https://shop.example.com/docs/setup', title: 'Setup' };

describe.each(DATABASE_KINDS)('the responder seam on %s', (kind) => {
  let t: TestServer;
  let socket: WidgetTestSocket;
  let session: TSession;
  const seen: ResponderInput[] = [];
  const events: Array<[string, unknown]> = [];
  const send = (content: string) =>
    askOk(socket, 'message:send', {
      sessionId: session.id,
      clientId: randomUUID(),
      content,
    });
  const rows = () =>
    t.db.models.ChatMessage.findAll({ where: { sessionId: session.id }, order: [['seq', 'ASC']] });
  const waitForRows = async (count: number) => {
    const deadline = Date.now() + 10_000;
    while ((await rows()).length < count) {
      if (Date.now() > deadline) throw new Error(`fewer than ${count} messages stored`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return rows();
  };

  beforeAll(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: { RESPONDER_TIMEOUT_MS: '1000', RESPONDER_ABANDON_AFTER_MS: '200' },
      responder: createScriptedResponder(seen),
    });
    const widget = await seedWidget(t.db);
    socket = await connectWidget(t.url, { widgetKey: widget.widgetKey });
    socket.onAny((event: string, payload: unknown) => events.push([event, payload]));
    session = (await askOk(socket, 'session:start', { page })).session;
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
  });

  it('streams an answer to every tab and commits it before message:done', async () => {
    events.length = 0;
    const ack = await send('stream hello');
    expect(ack.message.seq).toBe(1);
    const [, answer] = await waitForRows(2);
    expect(answer).toMatchObject({ seq: 2, senderType: 'ai', content: 'You said: stream hello' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const names = events.map(([name]) => name);
    expect(names).toEqual([
      'message:new',
      'typing',
      'message:delta',
      'message:delta',
      'message:done',
      'typing',
    ]);
    expect((events[1]![1] as TypingEvent).actor).toBe('ai');
    const deltas = events
      .filter(([name]) => name === 'message:delta')
      .map(([, d]) => d as MessageDelta);
    expect(deltas.map((d) => d.index)).toEqual([0, 1]);
    expect(deltas.every((d) => d.messageId === answer!.id)).toBe(true);
    const done = events.find(([name]) => name === 'message:done')![1] as { message: TMessage };
    expect(done.message).toMatchObject({ id: answer!.id, seq: 2, sources: [{ title: 'FAQ' }] });
    expect(seen.at(-1)).toMatchObject({
      page,
      session: { id: session.id },
      message: { content: 'stream hello' },
    });
  });

  it('sends an answer that was not streamed as message:new', async () => {
    events.length = 0;
    await send('plain question');
    const stored = await waitForRows(4);
    expect(stored[3]).toMatchObject({
      senderType: 'ai',
      content: 'Plain answer to: plain question',
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const news = events
      .filter(([name]) => name === 'message:new')
      .map(([, m]) => (m as TMessage).seq);
    expect(news).toEqual([3, 4]);
  });

  it('ends a broken stream as an incomplete answer plus an AI_UNAVAILABLE notice', async () => {
    await send('break please');
    const stored = await waitForRows(7);
    expect(stored[5]).toMatchObject({
      senderType: 'ai',
      content: 'Half an ans',
      metadata: { isIncomplete: true },
    });
    expect(stored[6]).toMatchObject({ senderType: 'system', metadata: { code: 'AI_UNAVAILABLE' } });
    const resumed = await askOk(socket, 'session:resume', {
      sessionId: session.id,
      afterSeq: 4,
    });
    expect(resumed.messages.map((m) => [m.senderType, m.isIncomplete, m.code])).toEqual([
      ['visitor', undefined, undefined],
      ['ai', true, undefined],
      ['system', undefined, 'AI_UNAVAILABLE'],
    ]);
  });

  it('gives up on a responder that hangs and tells the visitor', async () => {
    const startedAt = Date.now();
    await send('hang on');
    const stored = await waitForRows(9);
    expect(stored[8]).toMatchObject({ senderType: 'system', metadata: { code: 'AI_UNAVAILABLE' } });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
  });

  it('stops the answer of a visitor whose last tab has gone, after the grace period', async () => {
    const widget = await seedWidget(t.db);
    const leaver = await connectWidget(t.url, { widgetKey: widget.widgetKey });
    const own = (await askOk(leaver, 'session:start', { page })).session;
    let sawDelta = false;
    leaver.on('message:delta', () => (sawDelta = true));
    const startedAt = Date.now();
    await ask(leaver, 'message:send', {
      sessionId: own.id,
      clientId: randomUUID(),
      content: 'think long',
    });
    const deadline = Date.now() + 5_000;
    while (!sawDelta && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    leaver.close();

    const ownRows = () =>
      t.db.models.ChatMessage.findAll({ where: { sessionId: own.id }, order: [['seq', 'ASC']] });
    while ((await ownRows()).length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    const stored = await ownRows();
    // Stopped by the 200 ms grace, well before the 1 s responder timeout, and without a notice.
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(stored.map((m) => [m.senderType, m.content, m.metadata?.isIncomplete ?? null])).toEqual([
      ['visitor', 'think long', null],
      ['ai', 'Let me think', true],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await ownRows()).toHaveLength(2);
  });

  it('stops a streaming answer the moment an agent takes over, keeping what was shown', async () => {
    const deltas: MessageDelta[] = [];
    socket.on('message:delta', (delta: MessageDelta) => deltas.push(delta));
    await send('think about it');
    const deadline = Date.now() + 5_000;
    while (deltas.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(deltas.map((d) => d.text)).toEqual(['Let me think']);

    // What the agent's takeover does: the status changes and the change is published.
    const row = await t.db.models.ChatSession.findByPk(session.id);
    await row!.update({ status: 'agent' });
    t.server.conversations.events.emit('session:updated', {
      session: { ...session, status: 'agent' },
    });

    const stored = await waitForRows(11);
    expect(stored[10]).toMatchObject({
      senderType: 'ai',
      content: 'Let me think',
      metadata: { isIncomplete: true },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // No AI_UNAVAILABLE notice: the AI was silenced, it did not fail.
    expect(await rows()).toHaveLength(11);
    socket.off('message:delta');
  });

  it('stays silent while an agent holds the session', async () => {
    await t.db.models.ChatSession.update({ status: 'agent' }, { where: { id: session.id } });
    const calls = seen.length;
    await send('plain are you a bot?');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await rows()).toHaveLength(12);
    expect(seen.length).toBe(calls);
  });
});
