import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS, waitUntil } from '@parley/test-kit';
import type {
  TAnalyticsOverview,
  TAnalyticsSeries,
  TMessage,
  TSessionPage,
} from '@parley/protocol';
import type { ConversationResponder } from '../src/features/conversations/conversation-responder.ts';
import { connectAdmin, next } from './support/admin-socket.ts';
import { api, createAgent, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { ask, askOk, connectWidget, type TestSocket } from './support/widget-client.ts';

/** An assistant that answers every visitor message, so its silence is observable. */
const echo: ConversationResponder = {
  async respond({ message }, output) {
    await output.commit({ content: `AI: ${message.content}` });
  },
};

const page = { url: 'https://shop.example.com/pricing', title: 'Pricing' };

describe.each(DATABASE_KINDS)('the live inbox on %s', (kind) => {
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

  const visitorStarts = async (widgetKey: string) => {
    const visitor = await connectWidget(t.url, { widgetKey });
    sockets.push(visitor);
    const started = await askOk(visitor, 'session:start', { page });
    return { visitor, session: started.session };
  };

  it('refuses a handshake without a valid staff token', async () => {
    await expect(connectAdmin(t.url, 'nonsense')).rejects.toMatchObject({
      data: { code: 'UNAUTHORIZED' },
    });
  });

  it('pushes new sessions and messages, and an agent takeover silences the AI', async () => {
    const admin = await setupAdmin(t.url);
    const agent = await createAgent(t.url, admin.accessToken);
    const inbox = await connectAdmin(t.url, agent.accessToken);
    sockets.push(inbox);
    const widget = await seedWidget(t.db);

    const sessionNew = next(inbox, 'session:new');
    const { visitor, session } = await visitorStarts(widget.widgetKey);
    expect((await sessionNew).id).toBe(session.id);

    const aiAnswer = next(inbox, 'message:new', (m) => m.senderType === 'ai');
    await ask(visitor, 'message:send', { sessionId: session.id, clientId: 'c1', content: 'Hi' });
    expect((await aiAnswer).content).toBe('AI: Hi');

    const joined = await askOk(inbox, 'session:join', {
      sessionId: session.id,
    });
    expect(joined.messages.map((m) => m.content)).toEqual(['Hi', 'AI: Hi']);
    const took = await askOk(inbox, 'session:takeover', {
      sessionId: session.id,
    });
    expect(took.session.status).toBe('agent');

    const agentReply = next(visitor, 'message:new', (m) => m.senderType === 'agent');
    const sent = await askOk(inbox, 'message:send', {
      sessionId: session.id,
      clientId: 'a1',
      content: 'Hello, I am Sam',
    });
    expect(sent.ok).toBe(true);
    expect(await agentReply).toMatchObject({ content: 'Hello, I am Sam', senderName: 'Sam Agent' });

    // While the agent holds the session the visitor's next message gets no AI answer.
    const visitorMessage = next(inbox, 'message:new', (m) => m.content === 'Thanks');
    await ask(visitor, 'message:send', {
      sessionId: session.id,
      clientId: 'c2',
      content: 'Thanks',
    });
    await visitorMessage;
    await t.server.inFlight.drain(5_000);
    const stored = await t.db.models.ChatMessage.findAll({ where: { sessionId: session.id } });
    expect(stored.filter((m) => m.senderType === 'ai').map((m) => m.content)).toEqual(['AI: Hi']);

    const released = await askOk(inbox, 'session:release', {
      sessionId: session.id,
    });
    expect(released.session.status).toBe('open');
    const aiBack = next(inbox, 'message:new', (m) => m.content === 'AI: Back?');
    await ask(visitor, 'message:send', {
      sessionId: session.id,
      clientId: 'c3',
      content: 'Back?',
    });
    await aiBack;

    const closed = await askOk(inbox, 'session:close', {
      sessionId: session.id,
    });
    expect(closed.session.status).toBe('closed');
  });

  it('pushes a handoff request to staff and leaves each of them a notification', async () => {
    const admin = await setupAdmin(t.url);
    const agent = await createAgent(t.url, admin.accessToken);
    const inbox = await connectAdmin(t.url, agent.accessToken);
    sockets.push(inbox);
    const widget = await seedWidget(t.db);
    const { visitor, session } = await visitorStarts(widget.widgetKey);
    await ask(visitor, 'message:send', { sessionId: session.id, clientId: 'c1', content: 'Help' });
    const pushed = next(inbox, 'handoff:requested', (s) => s.id === session.id);
    await ask(visitor, 'handoff:request', { sessionId: session.id });
    expect((await pushed).status).toBe('handoff');
    await expect
      .poll(async () => {
        const notes = await api<{ items: Array<{ type: string }> }>(
          t.url,
          'GET /api/v1/notifications',
          { token: agent.accessToken },
        );
        return notes.body.items.map((note) => note.type);
      })
      .toEqual(['handoff']);
  });

  it('answers malformed agent events with INVALID_PAYLOAD and unknown sessions with NOT_FOUND', async () => {
    const admin = await setupAdmin(t.url);
    const inbox = await connectAdmin(t.url, admin.accessToken);
    sockets.push(inbox);
    expect(await ask(inbox, 'session:takeover', { sessionId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    expect(
      await ask(inbox, 'session:join', { sessionId: '00000000-0000-4000-8000-000000000000' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('lists, searches, pages, exports as text and deletes sessions', async () => {
    const admin = await setupAdmin(t.url);
    const token = admin.accessToken;
    const widget = await seedWidget(t.db);
    const markup = '<img src=x onerror=alert(1)><b>bold</b>';
    const ids: string[] = [];
    for (const content of [markup, '=HYPERLINK("http://evil")', 'plain question']) {
      const { visitor, session } = await visitorStarts(widget.widgetKey);
      // The assistant's answer moves the session's place in the list; page only once it landed.
      const answered = next(visitor, 'message:new', (m) => m.senderType === 'ai');
      await ask(visitor, 'message:send', { sessionId: session.id, clientId: 'c', content });
      await answered;
      ids.push(session.id);
    }
    const first = await api<TSessionPage>(t.url, 'GET /api/v1/sessions?limit=2', { token });
    expect(first.body.items).toHaveLength(2);
    const second = await api<TSessionPage>(
      t.url,
      `GET /api/v1/sessions?limit=2&cursor=${first.body.nextCursor}`,
      { token },
    );
    const seen = [...first.body.items, ...second.body.items].map((s) => s.id);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(second.body.nextCursor).toBeNull();

    const search = await api<TSessionPage>(t.url, 'GET /api/v1/sessions?q=HYPERLINK', { token });
    expect(search.body.items.map((s) => s.id)).toEqual([ids[1]]);
    const wildcard = await api<TSessionPage>(t.url, 'GET /api/v1/sessions?q=%25', { token });
    expect(wildcard.body.items).toEqual([]);

    const json = await api<{ messages: TMessage[] }>(
      t.url,
      `GET /api/v1/sessions/${ids[0]}/export?format=json`,
      { token },
    );
    expect(json.body.messages[0]?.content).toBe(markup);
    const txt = await api<string>(t.url, `GET /api/v1/sessions/${ids[0]}/export?format=txt`, {
      token,
    });
    expect(txt.headers.get('content-type')).toContain('text/plain');
    expect(txt.body).toContain(markup);
    const csv = await api<string>(t.url, `GET /api/v1/sessions/${ids[1]}/export?format=csv`, {
      token,
    });
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil"")"`);

    // The echo responder answers after the ack: wait for its three replies before counting.
    await waitUntil(
      () => t.db.models.ChatMessage.count({ where: { sessionId: ids } }),
      (count) => count >= 6,
    );
    const overview = await api<TAnalyticsOverview>(t.url, 'GET /api/v1/analytics/overview', {
      token,
    });
    expect(overview.body).toMatchObject({ sessions: 3, visitorMessages: 3, aiAnswers: 0 });
    const series = await api<TAnalyticsSeries>(t.url, 'GET /api/v1/analytics/timeseries', {
      token,
    });
    const today = new Date().toISOString().slice(0, 10);
    expect(series.body.days.find((day) => day.day === today)).toMatchObject({
      sessions: 3,
      messages: 6,
    });

    expect((await api(t.url, `DELETE /api/v1/sessions/${ids[2]}`, { token })).status).toBe(204);
    expect(await t.db.models.ChatMessage.count({ where: { sessionId: ids[2] } })).toBe(0);
    const cleanup = await api(t.url, 'POST /api/v1/maintenance/cleanup', {
      token,
      body: { olderThanDays: 30 },
    });
    expect(cleanup.body).toEqual({
      deleted: 0,
      visitors: 0,
      aiLogsCleared: 0,
      mails: 0,
      webhookDeliveries: 0,
    });
  });
});
