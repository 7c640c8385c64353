import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { ReadEvent, TMessage, TSession, TypingEvent } from '@parley/protocol';
import type { ChatSession } from '@parley/db';
import { DATABASE_KINDS } from '@parley/test-kit';
import { seedWidget } from './support/seed-widget.ts';
import { call, connectWidget } from './support/widget-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const page = { url: 'https://shop.example.com/', title: 'Shop' };

/** Resolves with the next `event` the socket receives. */
const next = <T>(socket: Socket, event: string) =>
  new Promise<T>((resolve) => socket.once(event, resolve));

describe.each(DATABASE_KINDS)('typing, reads, handoff and feedback on %s', (kind) => {
  let t: TestServer;
  let tabs: Socket[];
  let session: TSession;

  beforeAll(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    const { widgetKey } = await seedWidget(t.db);
    const first = await connectWidget(t.url, { widgetKey });
    const start = await call<{ session: TSession; visitor: { token: string } }>(
      first,
      'session:start',
      { page },
    );
    const second = await connectWidget(t.url, { widgetKey, visitorToken: start.visitor.token });
    await call(second, 'session:start', { sessionId: start.session.id, page });
    tabs = [first, second];
    session = start.session;
  });
  afterAll(async () => {
    for (const tab of tabs ?? []) tab.close();
    await t?.close();
  });

  it('resumes the open session on a second start and on a reconnect without writing it, and records a new page', async () => {
    const { widgetKey } = await seedWidget(t.db);
    const sessionWrites: string[] = [];
    t.db.models.ChatSession.addHook('beforeUpdate', 'count-writes', (row: ChatSession) => {
      sessionWrites.push(row.id);
    });
    const tab = await connectWidget(t.url, { widgetKey });
    const reconnected: Socket[] = [];
    try {
      type Started = { session: TSession; visitor: { token: string } };
      const first = await call<Started>(tab, 'session:start', { page });
      // The new visitor's first start skipped the lookup: the second one still finds its session.
      expect((await call<Started>(tab, 'session:start', { page })).session.id).toBe(
        first.session.id,
      );
      const again = await connectWidget(t.url, { widgetKey, visitorToken: first.visitor.token });
      reconnected.push(again);
      expect((await call<Started>(again, 'session:start', { page })).session.id).toBe(
        first.session.id,
      );
      expect(sessionWrites).toEqual([]);

      const cart = { url: 'https://shop.example.com/cart', title: 'Cart' };
      await call(again, 'session:start', { page: cart });
      expect(sessionWrites).toEqual([first.session.id]);
      const stored = await t.db.models.ChatSession.findByPk(first.session.id);
      expect(stored?.metadata).toMatchObject({ page: cart });
    } finally {
      t.db.models.ChatSession.removeHook('beforeUpdate', 'count-writes');
      for (const socket of [tab, ...reconnected]) socket.close();
    }
  });

  it("relays the visitor's typing to the other side, and an agent's typing to every tab", async () => {
    const published: TypingEvent[] = [];
    const off = t.server.conversations.events.on('typing', (event) => published.push(event));
    await call(tabs[0]!, 'typing', { sessionId: session.id, isTyping: true });
    off();
    expect(published).toEqual([{ sessionId: session.id, actor: 'visitor', isTyping: true }]);

    const received = Promise.all(tabs.map((tab) => next<TypingEvent>(tab, 'typing')));
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
    const arrivals = Promise.all(tabs.map((tab) => next<TMessage>(tab, 'message:new')));
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

    const readSeen = next<ReadEvent>(tabs[1]!, 'message:read');
    const ack = await call<{ ok: boolean }>(tabs[0]!, 'message:read', {
      sessionId: session.id,
      seq: message.seq,
    });
    expect(ack.ok).toBe(true);
    expect(await readSeen).toEqual({ sessionId: session.id, seq: message.seq, reader: 'visitor' });
    expect((await t.db.models.ChatMessage.findByPk(message.id))!.status).toBe('read');
  });

  it('hands the session off on request and tells every tab', async () => {
    const updates = Promise.all(tabs.map((tab) => next<TSession>(tab, 'session:update')));
    const ack = await call<{ ok: boolean; session: TSession }>(tabs[0]!, 'handoff:request', {
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
    expect(
      (await call<{ ok: boolean }>(tabs[0]!, 'feedback', { messageId: message.id, rating: 'down' }))
        .ok,
    ).toBe(true);
    await call(tabs[1]!, 'feedback', {
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
    const updates = Promise.all(
      tabs.map((tab) => next<{ widgetKey: string }>(tab, 'config:update')),
    );
    t.server.conversations.events.emit('widget:updated', { widgetId: widget, widgetKey });
    expect(await updates).toEqual([{ widgetKey }, { widgetKey }]);
  });

  it('closes every connection of a visitor who gets banned; reconnecting is refused', async () => {
    const { widgetKey } = await seedWidget(t.db);
    const banned = await connectWidget(t.url, { widgetKey });
    const { visitor } = await call<{ visitor: { id: string; token: string } }>(
      banned,
      'session:start',
      { page },
    );
    const closed = next<string>(banned, 'disconnect');
    await t.server.moderation.bans.create({
      visitorId: visitor.id,
      reason: 'abuse',
      bannedBy: null,
    });
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
    const send = await call<{ ok: boolean; error?: { code: string } }>(tabs[0]!, 'message:send', {
      sessionId: session.id,
      clientId: randomUUID(),
      content: 'hello?',
    });
    expect(send.error?.code).toBe('SESSION_CLOSED');
    const fresh = await call<{ session: TSession; messages: TMessage[] }>(
      tabs[0]!,
      'session:start',
      { page },
    );
    expect(fresh.session.id).not.toBe(session.id);
    expect(fresh.messages).toEqual([]);
  });
});
