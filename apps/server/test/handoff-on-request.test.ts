import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import { DEFAULT_HANDOFF_WAITING_MESSAGE } from '@parley/protocol';
import type { ConversationResponder } from '../src/features/conversations/conversation-responder.ts';
import { connectAdmin, next } from './support/admin-socket.ts';
import { api, createAgent, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import {
  ask,
  askOk,
  connectWidget,
  type TestSocket,
  type WidgetTestSocket,
} from './support/widget-client.ts';

/** An assistant that answers every message it is given, so its silence is observable. */
const echo: ConversationResponder = {
  async respond({ message }, output) {
    await output.commit({ content: `AI: ${message.content}` });
  },
};

// Issue #12: asking for a person in words is the handoff button, and the AI then waits quietly.
describe.each(DATABASE_KINDS)('handoff on request on %s', (kind) => {
  let t: TestServer;
  let sockets: TestSocket[];
  beforeEach(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl'), responder: echo });
    sockets = [];
  });
  afterEach(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
  });

  const start = async (handoffEnabled: boolean) => {
    const widget = await seedWidget(t.db);
    await widget.update({ handoffEnabled, contextMode: 'restricted' });
    const visitor = await connectWidget(t.url, { widgetKey: widget.widgetKey });
    sockets.push(visitor);
    const { session } = await askOk(visitor, 'session:start', {
      page: { url: 'https://shop.example.com/help', title: 'Help' },
    });
    return { visitor, session };
  };
  const send = (visitor: WidgetTestSocket, sessionId: string, content: string) =>
    askOk(visitor, 'message:send', { sessionId, clientId: content, content });

  it('hands off when the visitor asks for a person, and the AI stays quiet while one is awaited', async () => {
    const admin = await setupAdmin(t.url);
    const agent = await createAgent(t.url, admin.accessToken);
    const inbox = await connectAdmin(t.url, agent.accessToken);
    sockets.push(inbox);
    const { visitor, session } = await start(true);

    const requested = next(inbox, 'handoff:requested', (s) => s.id === session.id);
    const visitorSees = next(visitor, 'session:update', (s) => s.status === 'handoff');
    expect((await send(visitor, session.id, 'Can I talk to a real person?')).ok).toBe(true);
    expect((await requested).status).toBe('handoff');
    expect((await visitorSees).id).toBe(session.id);

    const followUp = next(inbox, 'message:new', (m) => m.content === 'Are you there?');
    await send(visitor, session.id, 'Are you there?');
    await followUp;
    await t.server.inFlight.drain(5_000);
    const stored = await t.db.models.ChatMessage.findAll({ where: { sessionId: session.id } });
    expect(stored.map((m) => m.senderType)).toEqual(['visitor', 'visitor']);

    // The agent who picks it up starts typing: the visitor sees it.
    await ask(inbox, 'session:join', { sessionId: session.id });
    const typing = next(visitor, 'typing', (event) => event.actor === 'agent');
    expect((await askOk(inbox, 'typing', { sessionId: session.id, isTyping: true })).ok).toBe(true);
    expect(await typing).toEqual({ sessionId: session.id, actor: 'agent', isTyping: true });
  });

  it('says once that a person was asked for, when the widget is set to, and nothing more', async () => {
    const admin = await setupAdmin(t.url);
    const inbox = await connectAdmin(t.url, admin.accessToken);
    sockets.push(inbox);
    const { visitor, session } = await start(true);
    const patch = (body: unknown) =>
      api<{ error?: { code: string; details?: { field?: string } } }>(
        t.url,
        `PATCH /api/v1/widgets/${session.widgetId}`,
        { token: admin.accessToken, body },
      );
    const blank = await patch({ handoffWaitingMessage: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error).toMatchObject({
      code: 'INVALID_PAYLOAD',
      details: { field: 'handoffWaitingMessage' },
    });
    expect((await patch({ handoffWaitingMessage: DEFAULT_HANDOFF_WAITING_MESSAGE })).status).toBe(
      200,
    );

    const notice = next(visitor, 'message:new', (m) => m.senderType === 'system');
    await send(visitor, session.id, 'Can I talk to a real person?');
    expect((await notice).content).toBe(DEFAULT_HANDOFF_WAITING_MESSAGE);

    const followUp = next(inbox, 'message:new', (m) => m.content === 'Hello?');
    await send(visitor, session.id, 'Hello?');
    await followUp;
    await t.server.inFlight.drain(5_000);
    const stored = await t.db.models.ChatMessage.findAll({
      where: { sessionId: session.id },
      order: [['seq', 'ASC']],
    });
    expect(stored.map((m) => [m.senderType, m.content])).toEqual([
      ['visitor', 'Can I talk to a real person?'],
      ['system', DEFAULT_HANDOFF_WAITING_MESSAGE],
      ['visitor', 'Hello?'],
    ]);
  });

  it('asks the assistant as usual when the widget has no handoff', async () => {
    const { visitor, session } = await start(false);
    const answer = next(visitor, 'message:new', (m) => m.senderType === 'ai');
    await send(visitor, session.id, 'Je veux parler à un conseiller');
    expect((await answer).content).toBe('AI: Je veux parler à un conseiller');
    expect((await t.db.models.ChatSession.findByPk(session.id))!.status).toBe('open');
  });
});
