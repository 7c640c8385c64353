import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { TAgent, TSessionPage, TSessionSummary, TVisitorPanel } from '@parley/protocol';
import type { ConversationResponder } from '../src/features/conversations/conversation-responder.ts';
import { connectAdmin, next } from './support/admin-socket.ts';
import { api, createAgent, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { serverPerTest } from './support/server-per-test.ts';
import { ask, askOk, connectWidget, type WidgetTestSocket } from './support/widget-client.ts';

const silent: ConversationResponder = { respond: () => Promise.resolve() };
const FIREFOX_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0';

describe.each(DATABASE_KINDS)('the agent workspace on %s', (kind) => {
  const env = serverPerTest(kind, { responder: silent });
  const { track } = env;
  const scene = async () => {
    const admin = await setupAdmin(env.t.url);
    const agent = await createAgent(env.t.url, admin.accessToken);
    const widget = await seedWidget(env.t.db);
    const visitor = track(
      await connectWidget(env.t.url, { widgetKey: widget.widgetKey, userAgent: FIREFOX_UA }),
    );
    const started = await askOk(visitor, 'session:start', {
      page: {
        url: 'https://shop.example.com/pricing',
        title: 'Pricing',
        referrer: 'https://search.example.org/?q=parley',
      },
      locale: 'de-DE',
    });
    return {
      admin,
      agent,
      widget,
      visitor,
      session: started.session,
      agentSocket: track(await connectAdmin(env.t.url, agent.accessToken)),
      adminSocket: track(await connectAdmin(env.t.url, admin.accessToken)),
    };
  };
  const list = async (token: string, query = '') =>
    (await api<TSessionPage>(env.t.url, `GET /api/v1/sessions?${query}`, { token })).body.items;
  const say = (visitor: WidgetTestSocket, sessionId: string, content: string) =>
    ask(visitor, 'message:send', {
      sessionId,
      clientId: crypto.randomUUID(),
      content,
    });

  it('assigns a conversation to a named agent, tells every agent, and files it under "mine"', async () => {
    const s = await scene();
    const agents = await api<{ items: TAgent[] }>(env.t.url, 'GET /api/v1/agents', {
      token: s.agent.accessToken,
    });
    const sam = agents.body.items.find((agent) => agent.fullName === 'Sam Agent');
    expect(agents.body.items.map((agent) => agent.fullName)).toEqual(['Ada Admin', 'Sam Agent']);
    expect(await list(s.agent.accessToken, 'assigned=unassigned')).toHaveLength(1);

    const agentHears = next(s.agentSocket, 'session:assigned');
    const assigned = await askOk(s.adminSocket, 'session:assign', {
      sessionId: s.session.id,
      userId: sam!.id,
    });
    expect(assigned).toMatchObject({ ok: true, session: { status: 'agent' } });
    expect(await agentHears).toEqual({
      sessionId: s.session.id,
      assignedUserId: sam!.id,
      assignedUserName: 'Sam Agent',
    });

    const mine = await list(s.agent.accessToken, 'assigned=mine');
    expect(mine.map((row) => [row.id, row.assignedUserName])).toEqual([
      [s.session.id, 'Sam Agent'],
    ]);
    expect(await list(s.admin.accessToken, 'assigned=mine')).toEqual([]);
    expect(await list(s.agent.accessToken, 'assigned=unassigned')).toEqual([]);

    // Taking it moves it to the admin: the agent hears who holds it now.
    const moved = next(
      s.agentSocket,
      'session:assigned',
      (a) => a.assignedUserName === 'Ada Admin',
    );
    await ask(s.adminSocket, 'session:takeover', { sessionId: s.session.id });
    expect((await moved).sessionId).toBe(s.session.id);
    expect(await list(s.agent.accessToken, 'assigned=mine')).toEqual([]);
    const released = next(s.agentSocket, 'session:assigned', (a) => a.assignedUserId === null);
    await ask(s.adminSocket, 'session:release', { sessionId: s.session.id });
    expect(await released).toMatchObject({ assignedUserName: null });
    expect((await list(s.agent.accessToken, 'assigned=unassigned')).map((row) => row.id)).toEqual([
      s.session.id,
    ]);
  });

  it('refuses to assign to someone who is not an active agent, and changes nothing', async () => {
    const s = await scene();
    const nobody = '00000000-0000-4000-8000-000000000000';
    expect(
      await ask(s.adminSocket, 'session:assign', { sessionId: s.session.id, userId: nobody }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { field: 'userId' } } });
    expect(
      await ask(s.adminSocket, 'session:assign', { sessionId: s.session.id, userId: 'sam' }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    const row = await env.t.db.models.ChatSession.findByPk(s.session.id);
    expect([row?.status, row?.assignedUserId]).toEqual(['open', null]);
    const bad = await api(env.t.url, 'GET /api/v1/sessions?assigned=someone', {
      token: s.agent.accessToken,
    });
    expect(bad.status).toBe(400);
  });

  it('shows where the visitor came from, who they are, and their other conversations', async () => {
    const s = await scene();
    await ask(s.visitor, 'identify', {
      id: 'customer-42',
      name: 'Grete Kunde',
      email: 'grete@example.com',
      attributes: { plan: 'pro', seats: 12 },
    });
    await say(s.visitor, s.session.id, 'Where is my invoice?');
    await ask(s.agentSocket, 'session:close', { sessionId: s.session.id });
    const again = await askOk(s.visitor, 'session:start', {
      page: { url: 'https://shop.example.com/account', title: 'Account' },
    });
    expect(again.session.id).not.toBe(s.session.id);

    const panel = await api<TVisitorPanel>(
      env.t.url,
      `GET /api/v1/sessions/${again.session.id}/visitor`,
      { token: s.agent.accessToken },
    );
    expect(panel.status).toBe(200);
    expect(panel.body).toMatchObject({
      name: 'Grete Kunde',
      email: 'grete@example.com',
      isVerified: false,
      attributes: { plan: 'pro', seats: 12 },
      pageUrl: 'https://shop.example.com/account',
      pageTitle: 'Account',
      referrer: null,
      browser: 'Firefox 121 on Windows',
      userAgent: FIREFOX_UA,
    });
    expect(panel.body.pastConversations.map((c) => [c.id, c.title, c.status])).toEqual([
      [s.session.id, 'Where is my invoice?', 'closed'],
    ]);
    const first = await api<TVisitorPanel>(
      env.t.url,
      `GET /api/v1/sessions/${s.session.id}/visitor`,
      {
        token: s.agent.accessToken,
      },
    );
    expect(first.body).toMatchObject({
      referrer: 'https://search.example.org/?q=parley',
      locale: 'de-DE',
      pageUrl: 'https://shop.example.com/pricing',
    });
    // The widget never hears the staff-only context back.
    expect(JSON.stringify(again)).not.toContain('Firefox');
    const unknown = await api(env.t.url, `GET /api/v1/sessions/${crypto.randomUUID()}/visitor`, {
      token: s.agent.accessToken,
    });
    expect(unknown.status).toBe(404);
  });

  it('never lets blocked text become a title, a list preview or a notification', async () => {
    const s = await scene();
    const rule = await api(env.t.url, 'POST /api/v1/moderation-rules', {
      token: s.admin.accessToken,
      body: { name: 'no slurs', pattern: 'frobnicate', action: 'block' },
    });
    expect(rule.status).toBe(201);
    expect(await say(s.visitor, s.session.id, 'you frobnicate idiots')).toMatchObject({
      ok: false,
      error: { code: 'BLOCKED_BY_MODERATION' },
    });
    // Stored for the moderators, so a title or preview could have taken it from here.
    expect(await env.t.db.models.ChatMessage.count({ where: { status: 'moderated' } })).toBe(1);
    const [blockedRow] = await list(s.agent.accessToken);
    expect(blockedRow).toMatchObject({ id: s.session.id, title: null, lastMessage: null });
    const unread = await api<{ total: number }>(env.t.url, 'GET /api/v1/unread', {
      token: s.agent.accessToken,
    });
    expect(unread.body.total).toBe(0);

    await say(s.visitor, s.session.id, 'Sorry, how do I\nexport my data?');
    const [row] = await list(s.agent.accessToken);
    expect(row).toMatchObject({
      title: 'Sorry, how do I export my data?',
      lastMessage: { senderType: 'visitor', preview: 'Sorry, how do I export my data?' },
    });
    const rows: TSessionSummary[] = await list(s.agent.accessToken);
    expect(JSON.stringify(rows)).not.toContain('frobnicate');
    const notes = await api(env.t.url, 'GET /api/v1/notifications', { token: s.agent.accessToken });
    expect(JSON.stringify(notes.body)).not.toContain('frobnicate');
  });

  it('marks all of one staff member’s notifications read, and nobody else’s', async () => {
    const s = await scene();
    await askOk(s.visitor, 'handoff:request', { sessionId: s.session.id });
    const unread = async (token: string) => {
      const { body } = await api<{ items: Array<{ read: boolean }> }>(
        env.t.url,
        'GET /api/v1/notifications',
        { token },
      );
      return body.items.filter((item) => !item.read).length;
    };
    await expect.poll(() => unread(s.agent.accessToken)).toBeGreaterThan(0);
    expect(await unread(s.admin.accessToken)).toBeGreaterThan(0);
    const marked = await api(env.t.url, 'POST /api/v1/notifications/read', {
      token: s.agent.accessToken,
      body: {},
    });
    expect(marked.status).toBe(204);
    expect(await unread(s.agent.accessToken)).toBe(0);
    expect(await unread(s.admin.accessToken)).toBeGreaterThan(0);
  });
});
