import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { TConversationNote } from '@parley/protocol';
import type { ConversationResponder } from '../src/features/conversations/conversation-responder.ts';
import { connectAdmin, next } from './support/admin-socket.ts';
import { api, createAgent, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { serverPerTest } from './support/server-per-test.ts';
import { ask, askOk, connectWidget } from './support/widget-client.ts';

const silent: ConversationResponder = { respond: () => Promise.resolve() };
const NOTE = 'Private: this customer threatened a chargeback last month';

describe.each(DATABASE_KINDS)('private notes and typing on %s', (kind) => {
  const env = serverPerTest(kind, { responder: silent });
  const { track } = env;
  const scene = async () => {
    const admin = await setupAdmin(env.t.url);
    const agent = await createAgent(env.t.url, admin.accessToken);
    const widget = await seedWidget(env.t.db);
    const visitor = track(await connectWidget(env.t.url, { widgetKey: widget.widgetKey }));
    const started = await askOk(visitor, 'session:start', {
      page: { url: 'https://shop.example.com/' },
    });
    const heard: string[] = [];
    visitor.onAny((event: string, payload: unknown) =>
      heard.push(`${event} ${JSON.stringify(payload)}`),
    );
    return {
      admin,
      agent,
      visitor,
      heard,
      session: started.session,
      visitorToken: started.visitor.token,
      agentSocket: track(await connectAdmin(env.t.url, agent.accessToken)),
      adminSocket: track(await connectAdmin(env.t.url, admin.accessToken)),
    };
  };

  it('shows a private note to staff and never to the visitor', async () => {
    const s = await scene();
    const staffHears = next(s.adminSocket, 'note:new');
    const added = await askOk(s.agentSocket, 'note:add', {
      sessionId: s.session.id,
      content: NOTE,
    });
    expect(added).toMatchObject({ ok: true, note: { content: NOTE, authorName: 'Sam Agent' } });
    expect((await staffHears).id).toBe(added.note.id);

    // A reply sent after the note reaches the visitor: anything before it would have too.
    const reply = next(s.visitor, 'message:new', (m) => m.senderType === 'agent');
    await ask(s.agentSocket, 'message:send', {
      sessionId: s.session.id,
      clientId: 'r1',
      content: 'Let me check',
    });
    await reply;
    expect(s.heard.join('\n')).not.toContain('chargeback');
    const resumed = await askOk(s.visitor, 'session:resume', {
      sessionId: s.session.id,
      afterSeq: 0,
    });
    expect(JSON.stringify(resumed)).not.toContain('chargeback');
    const history = await api(env.t.url, `GET /api/v1/sessions/${s.session.id}/messages`, {
      token: s.visitorToken,
      headers: { origin: 'https://shop.example.com' },
    });
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).not.toContain('chargeback');

    const listed = await api<{ items: TConversationNote[] }>(
      env.t.url,
      `GET /api/v1/sessions/${s.session.id}/notes`,
      { token: s.admin.accessToken },
    );
    expect(listed.body.items.map((note) => [note.content, note.authorName])).toEqual([
      [NOTE, 'Sam Agent'],
    ]);
    const byVisitor = await api(env.t.url, `GET /api/v1/sessions/${s.session.id}/notes`, {
      token: s.visitorToken,
    });
    expect(byVisitor.status).toBe(401);
  });

  it('tells the widget an agent is typing, and staff who it is; the visitor’s typing reaches staff', async () => {
    const s = await scene();
    const widgetSees = next(s.visitor, 'typing');
    const staffSees = next(s.adminSocket, 'typing', (e) => e.actor === 'agent');
    // Sent as the dashboard sends it: without an ack.
    s.agentSocket.emit('typing', { sessionId: s.session.id, isTyping: true });
    expect(await widgetSees).toEqual({ sessionId: s.session.id, actor: 'agent', isTyping: true });
    expect(await staffSees).toMatchObject({ userName: 'Sam Agent', isTyping: true });

    const visitorTyping = next(s.agentSocket, 'typing', (e) => e.actor === 'visitor');
    s.visitor.emit('typing', { sessionId: s.session.id, isTyping: true });
    expect(await visitorTyping).toMatchObject({ sessionId: s.session.id, isTyping: true });
  });

  it('refuses notes and typing for unknown sessions or without text', async () => {
    const s = await scene();
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(
      await ask(s.agentSocket, 'note:add', { sessionId: unknown, content: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(
      await ask(s.agentSocket, 'note:add', { sessionId: s.session.id, content: '   ' }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(
      await ask(s.agentSocket, 'typing', { sessionId: unknown, isTyping: true }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await env.t.db.models.ConversationNote.count()).toBe(0);
  });
});
