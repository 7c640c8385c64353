import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { TMessage } from '@parley/protocol';
import { DATABASE_KINDS } from '@parley/test-kit';
import type {
  ConversationResponder,
  ResponderInput,
} from '../src/features/conversations/conversation-responder.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { ask, askOk, connectWidget } from './support/widget-client.ts';

/**
 * Issue #13: a visitor who keeps writing while the assistant is still answering gets one more
 * answer, to the newest question, not one per message queued behind each other (the AI
 * responder reads the earlier ones as history).
 */
describe.each(DATABASE_KINDS)('questions sent while an answer is pending on %s', (kind) => {
  let t: TestServer;
  let widgetKey: string;
  const sockets: Socket[] = [];
  const asked: ResponderInput[] = [];
  const gates: Array<() => void> = [];
  const responder: ConversationResponder = {
    async respond(input, output) {
      asked.push(input);
      await new Promise<void>((resolve) => gates.push(resolve));
      await output.commit({ content: `Answer to: ${input.message.content}` });
    },
  };
  const waitFor = async (check: () => boolean) => {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  beforeAll(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl'), responder });
    widgetKey = (await seedWidget(t.db)).widgetKey;
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await t?.close();
  });

  it('answers only the newest of the questions sent meanwhile, and stores every one of them', async () => {
    const socket = await connectWidget(t.url, { widgetKey });
    sockets.push(socket);
    const page = { url: 'https://shop.example.com/', title: 'Shop' };
    const { session } = await askOk(socket, 'session:start', { page });
    const send = (clientId: string, content: string) =>
      ask(socket, 'message:send', { sessionId: session.id, clientId, content });
    const answers: string[] = [];
    socket.on('message:new', (message: TMessage) => {
      if (message.senderType === 'ai') answers.push(message.content);
    });

    expect((await send('q1', 'Do you ship abroad?')).ok).toBe(true);
    await waitFor(() => gates.length === 1);
    // Acknowledged at once, while the first answer is still being written.
    expect((await send('q2', 'To Canada?')).ok).toBe(true);
    expect((await send('q3', 'And how long does it take?')).ok).toBe(true);

    gates.shift()!();
    await waitFor(() => gates.length === 1);
    gates.shift()!();
    await waitFor(() => answers.length === 2);
    await t.server.inFlight.drain(5_000);

    expect(asked.map((input) => input.message.content)).toEqual([
      'Do you ship abroad?',
      'And how long does it take?',
    ]);
    expect(answers).toEqual([
      'Answer to: Do you ship abroad?',
      'Answer to: And how long does it take?',
    ]);
    const stored = await t.db.models.ChatMessage.findAll({
      where: { sessionId: session.id },
      order: [['seq', 'ASC']],
    });
    expect(stored.map((row) => `${row.senderType}: ${row.content}`)).toEqual([
      'visitor: Do you ship abroad?',
      'visitor: To Canada?',
      'visitor: And how long does it take?',
      'ai: Answer to: Do you ship abroad?',
      'ai: Answer to: And how long does it take?',
    ]);
  });
});
