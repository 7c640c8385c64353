import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChatSession } from '@parley/db';
import { DATABASE_KINDS } from '@parley/test-kit';
import { api, setupAdmin } from './support/admin-client.ts';
import { connectAdmin, next, type AdminTestSocket } from './support/admin-socket.ts';
import { seedWidget } from './support/seed-widget.ts';
import { ask, askOk, connectWidget, type TestSocket } from './support/widget-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const page = { url: 'https://shop.example.com/', title: 'Shop' };

describe.each(DATABASE_KINDS)('typing, reads, handoff and feedback on %s', (kind) => {
  let t: TestServer;
  let widgetKey: string;
  let widgetId: string;
  let adminToken: string;
  let staff: AdminTestSocket;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    ({ widgetKey, id: widgetId } = await seedWidget(t.db));
    adminToken = (await setupAdmin(t.url)).accessToken;
    staff = await connectAdmin(t.url, adminToken);
    sockets.push(staff);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });

  /** A visitor with two tabs open on one session of their own. */
  const visitorWithTwoTabs = async () => {
    const first = await connectWidget(t.url, { widgetKey });
    const start = await askOk(first, 'session:start', { page });
    const second = await connectWidget(t.url, { widgetKey, visitorToken: start.visitor.token });
    sockets.push(first, second);
    await askOk(second, 'session:start', { sessionId: start.session.id, page });
    return { tabs: [first, second], session: start.session, visitor: start.visitor };
  };
  /** An agent (the admin) takes the session over and writes to the visitor. */
  const agentSays = async (sessionId: string, content: string) => {
    await askOk(staff, 'session:takeover', { sessionId });
    return (await askOk(staff, 'message:send', { sessionId, clientId: randomUUID(), content }))
      .message;
  };

  it('resumes the open session on a second start and on a reconnect without writing it, and records a new page', async () => {
    const { widgetKey } = await seedWidget(t.db);
    const sessionWrites: string[] = [];
    t.db.models.ChatSession.addHook('beforeUpdate', 'count-writes', (row: ChatSession) => {
      sessionWrites.push(row.id);
    });
    const tab = await connectWidget(t.url, { widgetKey });
    const reconnected: TestSocket[] = [];
    try {
      const first = await askOk(tab, 'session:start', { page });
      // The new visitor's first start skipped the lookup: the second one still finds its session.
      expect((await askOk(tab, 'session:start', { page })).session.id).toBe(first.session.id);
      const again = await connectWidget(t.url, { widgetKey, visitorToken: first.visitor.token });
      reconnected.push(again);
      expect((await askOk(again, 'session:start', { page })).session.id).toBe(first.session.id);
      expect(sessionWrites).toEqual([]);

      const cart = { url: 'https://shop.example.com/cart', title: 'Cart' };
      await askOk(again, 'session:start', { page: cart });
      expect(sessionWrites).toEqual([first.session.id]);
      const stored = await t.db.models.ChatSession.findByPk(first.session.id);
      expect(stored?.metadata).toMatchObject({ page: cart });
    } finally {
      t.db.models.ChatSession.removeHook('beforeUpdate', 'count-writes');
      for (const socket of [tab, ...reconnected]) socket.close();
    }
  });

  it("relays the visitor's typing to the other side, and an agent's typing to every tab", async () => {
    const { tabs, session } = await visitorWithTwoTabs();
    await askOk(staff, 'session:join', { sessionId: session.id });
    const staffSees = next(staff, 'typing', (typing) => typing.actor === 'visitor');
    await ask(tabs[0]!, 'typing', { sessionId: session.id, isTyping: true });
    expect(await staffSees).toMatchObject({ sessionId: session.id, isTyping: true });

    const received = Promise.all(tabs.map((tab) => next(tab, 'typing')));
    await ask(staff, 'typing', { sessionId: session.id, isTyping: true });
    expect(await received).toEqual(
      tabs.map(() => ({ sessionId: session.id, actor: 'agent', isTyping: true })),
    );
  });

  it('delivers an agent message to every tab and marks it read when the visitor reads it', async () => {
    const { tabs, session } = await visitorWithTwoTabs();
    const arrivals = Promise.all(
      tabs.map((tab) => next(tab, 'message:new', (m) => m.senderType === 'agent')),
    );
    const message = await agentSays(session.id, 'Hi, I am Ada from support.');
    const [atFirst, atSecond] = await arrivals;
    expect(atFirst).toEqual(message);
    expect(atSecond).toMatchObject({
      senderType: 'agent',
      senderName: 'Ada Admin',
      status: 'delivered',
    });

    const readSeen = next(tabs[1]!, 'message:read');
    const ack = await askOk(tabs[0]!, 'message:read', {
      sessionId: session.id,
      seq: message.seq,
    });
    expect(ack.ok).toBe(true);
    expect(await readSeen).toEqual({ sessionId: session.id, seq: message.seq, reader: 'visitor' });
    expect((await t.db.models.ChatMessage.findByPk(message.id))!.status).toBe('read');
  });

  it('hands the session off on request and tells every tab', async () => {
    const { tabs, session } = await visitorWithTwoTabs();
    const updates = Promise.all(tabs.map((tab) => next(tab, 'session:update')));
    const ack = await askOk(tabs[0]!, 'handoff:request', {
      sessionId: session.id,
    });
    expect(ack.session.status).toBe('handoff');
    expect((await updates).map((s) => s.status)).toEqual(['handoff', 'handoff']);
    expect((await t.db.models.ChatSession.findByPk(session.id))!.status).toBe('handoff');
  });

  it('records feedback once per message, the latest rating winning', async () => {
    const { tabs, session } = await visitorWithTwoTabs();
    const message = await agentSays(session.id, 'Does that help?');
    expect((await askOk(tabs[0]!, 'feedback', { messageId: message.id, rating: 'down' })).ok).toBe(
      true,
    );
    await askOk(tabs[1]!, 'feedback', {
      messageId: message.id,
      rating: 'up',
      comment: 'yes, thanks',
    });
    const rows = await t.db.models.MessageFeedback.findAll({ where: { messageId: message.id } });
    expect(rows.map((row) => [row.rating, row.comment])).toEqual([['up', 'yes, thanks']]);
  });

  it('tells open widgets that their config changed', async () => {
    const { tabs } = await visitorWithTwoTabs();
    const updates = Promise.all(tabs.map((tab) => next(tab, 'config:update')));
    const edited = await api(t.url, `PATCH /api/v1/widgets/${widgetId}`, {
      token: adminToken,
      body: { name: 'Renamed widget' },
    });
    expect(edited.status).toBe(200);
    expect(await updates).toEqual([{ widgetKey }, { widgetKey }]);
  });

  it('closes every connection of a visitor who gets banned; reconnecting is refused', async () => {
    const bystander = await visitorWithTwoTabs();
    const banned = await connectWidget(t.url, { widgetKey });
    sockets.push(banned);
    const { visitor } = await askOk(banned, 'session:start', { page });
    const closed = new Promise((resolve) => banned.once('disconnect', resolve));
    const ban = await api(t.url, 'POST /api/v1/bans', {
      token: adminToken,
      body: { visitorId: visitor.id, reason: 'abuse' },
    });
    expect(ban.status).toBe(201);
    expect(await closed).toBe('io server disconnect');
    await expect(
      connectWidget(t.url, { widgetKey, visitorToken: visitor.token }),
    ).rejects.toMatchObject({
      data: { code: 'BANNED' },
    });
    expect(bystander.tabs.every((tab) => tab.connected)).toBe(true);
  });

  it('refuses visitor messages once the session is closed, and starts a new one on the next start', async () => {
    const { tabs, session } = await visitorWithTwoTabs();
    await askOk(staff, 'session:close', { sessionId: session.id });
    const send = await ask(tabs[0]!, 'message:send', {
      sessionId: session.id,
      clientId: randomUUID(),
      content: 'hello?',
    });
    expect(send).toMatchObject({ ok: false, error: { code: 'SESSION_CLOSED' } });
    const fresh = await askOk(tabs[0]!, 'session:start', { page });
    expect(fresh.session.id).not.toBe(session.id);
    expect(fresh.messages).toEqual([]);
  });
});
