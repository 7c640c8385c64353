import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TSession, TypingEvent } from '@parley/protocol';
import { DATABASE_KINDS } from '@parley/test-kit';
import { next } from './support/admin-socket.ts';
import { seedWidget } from './support/seed-widget.ts';
import { ask, askOk, connectWidget, type WidgetTestSocket } from './support/widget-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const page = { url: 'https://shop.example.com/', title: 'Shop' };

describe.each(DATABASE_KINDS)('typing, reads, handoff and feedback on %s', (kind) => {
  let t: TestServer;
  let tabs: WidgetTestSocket[];
  let session: TSession;

  beforeAll(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    const { widgetKey } = await seedWidget(t.db);
    const first = await connectWidget(t.url, { widgetKey });
    const start = await askOk(first, 'session:start', { page });
    const second = await connectWidget(t.url, { widgetKey, visitorToken: start.visitor.token });
    await ask(second, 'session:start', { sessionId: start.session.id, page });
    tabs = [first, second];
    session = start.session;
  });
  afterAll(async () => {
    for (const tab of tabs ?? []) tab.close();
    await t?.close();
  });

  it("relays the visitor's typing to the other side, and an agent's typing to every tab", async () => {
    const published: TypingEvent[] = [];
    const off = t.server.conversations.events.on('typing', (event) => published.push(event));
    await ask(tabs[0]!, 'typing', { sessionId: session.id, isTyping: true });
    off();
    expect(published).toEqual([{ sessionId: session.id, actor: 'visitor', isTyping: true }]);

    const received = Promise.all(tabs.map((tab) => next(tab, 'typing')));
    t.server.conversations.events.emit('typing', {
      sessionId: session.id,
      actor: 'agent',
      isTyping: true,
    });
    expect(await received).toEqual(
      tabs.map(() => ({ sessionId: session.id, actor: 'agent', isTyping: true })),
    );
  });

  it('delivers an agent message to every tab and marks it read when the visitor reads it', async () => {
    const arrivals = Promise.all(tabs.map((tab) => next(tab, 'message:new')));
    const { message } = await t.server.conversations.service.appendMessage({
      sessionId: session.id,
      senderType: 'agent',
      senderName: 'Grace',
      content: 'Hi, I am Grace from support.',
    });
    const [atFirst, atSecond] = await arrivals;
    expect(atFirst).toEqual(message);
    expect(atSecond).toMatchObject({
      senderType: 'agent',
      senderName: 'Grace',
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
    const updates = Promise.all(tabs.map((tab) => next(tab, 'session:update')));
    const ack = await askOk(tabs[0]!, 'handoff:request', {
      sessionId: session.id,
    });
    expect(ack.session.status).toBe('handoff');
    expect((await updates).map((s) => s.status)).toEqual(['handoff', 'handoff']);
    expect((await t.db.models.ChatSession.findByPk(session.id))!.status).toBe('handoff');
  });

  it('records feedback once per message, the latest rating winning', async () => {
    const { message } = await t.server.conversations.service.appendMessage({
      sessionId: session.id,
      senderType: 'agent',
      content: 'Does that help?',
    });
    expect((await askOk(tabs[0]!, 'feedback', { messageId: message.id, rating: 'down' })).ok).toBe(
      true,
    );
    await ask(tabs[1]!, 'feedback', {
      messageId: message.id,
      rating: 'up',
      comment: 'yes, thanks',
    });
    const rows = await t.db.models.MessageFeedback.findAll({ where: { messageId: message.id } });
    expect(rows.map((row) => [row.rating, row.comment])).toEqual([['up', 'yes, thanks']]);
  });

  it('tells open widgets that their config changed', async () => {
    const widget = (await t.db.models.ChatSession.findByPk(session.id))!.widgetId;
    const { widgetKey } = (await t.db.models.WidgetConfig.findByPk(widget))!;
    const updates = Promise.all(tabs.map((tab) => next(tab, 'config:update')));
    t.server.conversations.events.emit('widget:updated', { widgetId: widget, widgetKey });
    expect(await updates).toEqual([{ widgetKey }, { widgetKey }]);
  });

  it('closes every connection of a visitor who gets banned; reconnecting is refused', async () => {
    const { widgetKey } = await seedWidget(t.db);
    const banned = await connectWidget(t.url, { widgetKey });
    const { visitor } = await askOk(banned, 'session:start', { page });
    const closed = new Promise((resolve) => banned.once('disconnect', resolve));
    await t.db.models.UserBan.create({ visitorId: visitor.id, reason: 'abuse' });
    t.server.conversations.events.emit('visitor:banned', { visitorId: visitor.id });
    expect(await closed).toBe('io server disconnect');
    await expect(
      connectWidget(t.url, { widgetKey, visitorToken: visitor.token }),
    ).rejects.toMatchObject({
      data: { code: 'BANNED' },
    });
    expect(tabs.every((tab) => tab.connected)).toBe(true);
  });

  it('refuses visitor messages once the session is closed, and starts a new one on the next start', async () => {
    await t.db.models.ChatSession.update({ status: 'closed' }, { where: { id: session.id } });
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
