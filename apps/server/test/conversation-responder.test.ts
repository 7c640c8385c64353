import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MessageDelta, TMessage, TypingEvent } from '@parley/protocol';
import { DATABASE_KINDS, waitUntil } from '@parley/test-kit';
import type {
  ConversationResponder,
  ResponderInput,
} from '../src/features/conversations/conversation-responder.ts';
import { setupAdmin } from './support/admin-client.ts';
import { connectAdmin, next, type AdminTestSocket } from './support/admin-socket.ts';
import { seedWidget } from './support/seed-widget.ts';
import { recordServerWrites } from './support/socket-writes.ts';
import { ask, askOk, connectWidget, type TestSocket } from './support/widget-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/**
 * A real responder, driven by what the visitor writes: `stream …` answers in two deltas,
 * `plain …` answers at once, `logged …` answers at once and then writes its bookkeeping for
 * 300 ms (as the assistant's log does), `break …` streams then throws, `hang …` never finishes.
 */
function createScriptedResponder(seen: ResponderInput[]): ConversationResponder {
  return {
    async respond(input, output) {
      seen.push(input);
      const text = input.message.content;
      output.typing(true);
      if (text.startsWith('plain')) {
        await output.commit({ content: `Plain answer to: ${text}` });
      } else if (text.startsWith('logged')) {
        await output.commit({ content: `Logged answer to: ${text}` });
        await new Promise((resolve) => setTimeout(resolve, 300));
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
  let widgetKey: string;
  let staff: AdminTestSocket;
  const sockets: TestSocket[] = [];
  const seen: ResponderInput[] = [];

  beforeAll(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: { RESPONDER_TIMEOUT_MS: '1000', RESPONDER_ABANDON_AFTER_MS: '200' },
      responder: createScriptedResponder(seen),
    });
    widgetKey = (await seedWidget(t.db)).widgetKey;
    staff = await connectAdmin(t.url, (await setupAdmin(t.url)).accessToken);
    sockets.push(staff);
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await t?.close();
  });

  /** A visitor in a session of their own, with every event their tab heard. */
  const newVisitor = async () => {
    const socket = await connectWidget(t.url, { widgetKey });
    sockets.push(socket);
    const events: Array<[string, unknown]> = [];
    socket.onAny((event: string, payload: unknown) => events.push([event, payload]));
    const { session } = await askOk(socket, 'session:start', { page });
    const rows = () =>
      t.db.models.ChatMessage.findAll({
        where: { sessionId: session.id },
        order: [['seq', 'ASC']],
      });
    return {
      socket,
      session,
      events,
      send: (content: string) =>
        askOk(socket, 'message:send', { sessionId: session.id, clientId: randomUUID(), content }),
      rows,
      waitForRows: (count: number) => waitUntil(rows, (stored) => stored.length >= count),
      /** The AI's typing going off: with the answer, or as a run without one ends (notice or not). */
      aiDone: () => next(socket, 'typing', (typing) => typing.actor === 'ai' && !typing.isTyping),
    };
  };

  it('streams an answer to every tab and commits it before message:done', async () => {
    const v = await newVisitor();
    v.events.length = 0;
    const done = v.aiDone();
    const ack = await v.send('stream hello');
    expect(ack.message.seq).toBe(1);
    await done;
    const [, answer] = await v.rows();
    expect(answer).toMatchObject({ seq: 2, senderType: 'ai', content: 'You said: stream hello' });
    const names = v.events.map(([name]) => name);
    expect(names).toEqual([
      'message:new',
      'typing',
      'message:delta',
      'message:delta',
      'message:done',
      'typing',
    ]);
    expect((v.events[1]![1] as TypingEvent).actor).toBe('ai');
    const deltas = v.events
      .filter(([name]) => name === 'message:delta')
      .map(([, d]) => d as MessageDelta);
    expect(deltas.map((d) => d.index)).toEqual([0, 1]);
    expect(deltas.every((d) => d.messageId === answer!.id)).toBe(true);
    const doneEvent = v.events.find(([name]) => name === 'message:done')![1] as {
      message: TMessage;
    };
    expect(doneEvent.message).toMatchObject({
      id: answer!.id,
      seq: 2,
      sources: [{ title: 'FAQ' }],
    });
    expect(seen.at(-1)).toMatchObject({
      page,
      session: { id: v.session.id },
      message: { content: 'stream hello' },
    });
  });

  it('sends an answer that was not streamed as message:new', async () => {
    const v = await newVisitor();
    v.events.length = 0;
    const done = v.aiDone();
    await v.send('plain question');
    await done;
    const stored = await v.rows();
    expect(stored[1]).toMatchObject({
      senderType: 'ai',
      content: 'Plain answer to: plain question',
    });
    const news = v.events
      .filter(([name]) => name === 'message:new')
      .map(([, m]) => (m as TMessage).seq);
    expect(news).toEqual([1, 2]);
  });

  it('turns the typing indicator off with the answer, in the same write, not after the bookkeeping', async () => {
    const v = await newVisitor();
    const writes = recordServerWrites(t.server.io, v.socket.io.engine.id);
    const off = v.aiDone();
    await v.send('logged question');
    const [, answer] = await v.waitForRows(2);
    const answerWrite = writes.find((written) => written.includes(answer!.id));
    expect(answerWrite).toMatch(/"message:new".*"typing",\{[^}]*"isTyping":false/s);
    await off;
  });

  it('ends a broken stream as an incomplete answer plus an AI_UNAVAILABLE notice', async () => {
    const v = await newVisitor();
    await v.send('break please');
    const stored = await v.waitForRows(3);
    expect(stored[1]).toMatchObject({
      senderType: 'ai',
      content: 'Half an ans',
      metadata: { isIncomplete: true },
    });
    expect(stored[2]).toMatchObject({ senderType: 'system', metadata: { code: 'AI_UNAVAILABLE' } });
    const resumed = await askOk(v.socket, 'session:resume', {
      sessionId: v.session.id,
      afterSeq: 0,
    });
    expect(resumed.messages.map((m) => [m.senderType, m.isIncomplete, m.code])).toEqual([
      ['visitor', undefined, undefined],
      ['ai', true, undefined],
      ['system', undefined, 'AI_UNAVAILABLE'],
    ]);
  });

  it('gives up on a responder that hangs and tells the visitor', async () => {
    const v = await newVisitor();
    const startedAt = Date.now();
    await v.send('hang on');
    const stored = await v.waitForRows(2);
    expect(stored[1]).toMatchObject({ senderType: 'system', metadata: { code: 'AI_UNAVAILABLE' } });
    // The 1 s responder timeout is what this test is about.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
  });

  it('stops the answer of a visitor whose last tab has gone, after the grace period', async () => {
    const v = await newVisitor();
    const firstDelta = next(v.socket, 'message:delta');
    // The leaver's tab is gone by the end, so the run's end is heard on the server's bus.
    const runEnded = new Promise<void>((resolve) => {
      const off = t.server.conversations.events.on('typing', (typing) => {
        if (typing.sessionId !== v.session.id || typing.actor !== 'ai' || typing.isTyping) return;
        off();
        resolve();
      });
    });
    const startedAt = Date.now();
    await ask(v.socket, 'message:send', {
      sessionId: v.session.id,
      clientId: randomUUID(),
      content: 'think long',
    });
    await firstDelta;
    v.socket.close();
    await runEnded;
    // Stopped by the 200 ms grace, well before the 1 s responder timeout, and without a notice:
    // the run is over (its timer cleared), so no notice can follow.
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    const stored = await v.rows();
    expect(stored.map((m) => [m.senderType, m.content, m.metadata?.isIncomplete ?? null])).toEqual([
      ['visitor', 'think long', null],
      ['ai', 'Let me think', true],
    ]);
  });

  it('stops a streaming answer the moment an agent takes over, keeping what was shown', async () => {
    const v = await newVisitor();
    const firstDelta = next(v.socket, 'message:delta');
    await v.send('think about it');
    expect((await firstDelta).text).toBe('Let me think');

    const done = v.aiDone();
    await askOk(staff, 'session:takeover', { sessionId: v.session.id });
    await done;
    // No AI_UNAVAILABLE notice: the AI was silenced, it did not fail.
    const stored = await v.rows();
    expect(stored.map((m) => [m.senderType, m.content, m.metadata?.isIncomplete ?? null])).toEqual([
      ['visitor', 'think about it', null],
      ['system', 'Ada Admin joined the conversation', null],
      ['ai', 'Let me think', true],
    ]);
  });

  it('stays silent while an agent holds the session', async () => {
    const v = await newVisitor();
    await askOk(staff, 'session:takeover', { sessionId: v.session.id });
    const before = seen.length;
    await v.send('plain are you a bot?');
    // Handed back, the AI answers the next message: had the first been dispatched, it would
    // have run first, so once this answer is in, the first was never given to the AI.
    await askOk(staff, 'session:release', { sessionId: v.session.id });
    const done = v.aiDone();
    await v.send('plain and now?');
    await done;
    expect(seen.slice(before).map((input) => input.message.content)).toEqual(['plain and now?']);
    expect((await v.rows()).map((m) => [m.senderType, m.content])).toEqual([
      ['system', 'Ada Admin joined the conversation'],
      ['visitor', 'plain are you a bot?'],
      ['system', 'Ada Admin handed the conversation back to the assistant'],
      ['visitor', 'plain and now?'],
      ['ai', 'Plain answer to: plain and now?'],
    ]);
  });
});
