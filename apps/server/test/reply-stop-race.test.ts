import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS, waitUntil } from '@parley/test-kit';

import type { ConversationResponder } from '../src/features/conversations/conversation-responder.ts';
import { next } from './support/admin-socket.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { ask, askOk, connectWidget, type TestSocket } from './support/widget-client.ts';

/**
 * Issue #16 review: on several nodes, the stop that a takeover, close or ban publishes can reach
 * the answering node late or not at all. The answer's commit checks the session's status under
 * the write's lock, so the status written to the database is what counts.
 */
describe.each(DATABASE_KINDS)('an answer whose stop never arrived on %s', (kind) => {
  let t: TestServer;
  let widgetKey: string;
  const sockets: TestSocket[] = [];
  const gates: Array<() => void> = [];
  const responder: ConversationResponder = {
    async respond(input, output) {
      output.typing(true);
      if (input.message.content.startsWith('stream')) output.delta('Half of it');
      await new Promise<void>((resolve) => gates.push(resolve));
      await output.commit({ content: 'The whole answer' });
    },
  };

  beforeAll(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: { RESPONDER_TIMEOUT_MS: '30000' },
      responder,
    });
    widgetKey = (await seedWidget(t.db)).widgetKey;
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await t?.close();
  });

  /** A new visitor asks; resolves once the answer is in the responder's hands. */
  const askQuestion = async (content: string) => {
    const socket = await connectWidget(t.url, { widgetKey });
    sockets.push(socket);
    const page = { url: 'https://shop.example.com/', title: 'Shop' };
    const { session } = await askOk(socket, 'session:start', { page });
    const waiting = gates.length;
    await ask(socket, 'message:send', { sessionId: session.id, clientId: randomUUID(), content });
    await waitUntil(() => gates.length > waiting, Boolean);
    return { session, socket };
  };
  const aiRows = (sessionId: string) =>
    t.db.models.ChatMessage.findAll({ where: { sessionId, senderType: 'ai' } });

  it('keeps only what was shown, marked incomplete, when an agent took over meanwhile', async () => {
    const { session, socket } = await askQuestion('stream please');
    // Written straight to the table: this node hears nothing, as when the stop is lost.
    await t.db.models.ChatSession.update({ status: 'agent' }, { where: { id: session.id } });
    const typingOff = next(socket, 'typing', (typing) => !typing.isTyping);
    gates.shift()!();
    await typingOff;
    await expect.poll(async () => (await aiRows(session.id)).length).toBe(1);
    const [row] = await aiRows(session.id);
    expect(row).toMatchObject({ content: 'Half of it', metadata: { isIncomplete: true } });
  });

  it.each(['closed', 'handoff'] as const)(
    'commits nothing for a session %s meanwhile',
    async (status) => {
      const { session, socket } = await askQuestion('plain please');
      await t.db.models.ChatSession.update({ status }, { where: { id: session.id } });
      const settled = next(socket, 'typing', (typing) => !typing.isTyping);
      gates.shift()!();
      // The run ends with the typing indicator going off: by then anything it commits is stored.
      await settled;
      expect(await aiRows(session.id)).toHaveLength(0);
      const system = await t.db.models.ChatMessage.count({
        where: { sessionId: session.id, senderType: 'system' },
      });
      expect(system).toBe(0);
    },
  );
});
