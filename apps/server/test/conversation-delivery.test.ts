import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TMessage } from '@parley/protocol';
import { DATABASE_KINDS, waitUntil } from '@parley/test-kit';
import { seedWidget } from './support/seed-widget.ts';
import { recordServerWrites } from './support/socket-writes.ts';
import {
  askOk,
  connectWidget,
  type TestSocket,
  type WidgetTestSocket,
} from './support/widget-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const page = { url: 'https://shop.example.com/pricing', title: 'Pricing' };

describe.each(DATABASE_KINDS)('conversations on %s', (kind) => {
  let t: TestServer;
  let widgetKey: string;
  const sockets: TestSocket[] = [];
  const open = async (visitorToken?: string) => {
    const socket = await connectWidget(t.url, { widgetKey, visitorToken });
    sockets.push(socket);
    return socket;
  };
  /** A visitor with a session, and `tabs` connected tabs that all joined it. */
  const visitorWithTabs = async (tabs: number) => {
    const first = await open();
    const start = await askOk(first, 'session:start', { page });
    const rest = await Promise.all(
      Array.from({ length: tabs - 1 }, () => open(start.visitor.token)),
    );
    for (const tab of rest) {
      const again = await askOk(tab, 'session:start', {
        sessionId: start.session.id,
        page,
      });
      expect(again.session.id).toBe(start.session.id);
    }
    return { tabs: [first, ...rest], session: start.session, visitor: start.visitor };
  };
  const storedMessages = (sessionId: string) =>
    t.db.models.ChatMessage.findAll({ where: { sessionId }, order: [['seq', 'ASC']] });

  beforeAll(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    widgetKey = (await seedWidget(t.db)).widgetKey;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });

  it('stores 200 messages sent at once from 3 tabs with seqs 1..200, and every tab sees each once', async () => {
    const { tabs, session } = await visitorWithTabs(3);
    const seen = tabs.map(() => new Map<number, number>());
    tabs.forEach((tab, i) =>
      tab.on('message:new', (message: TMessage) =>
        seen[i]!.set(message.seq, (seen[i]!.get(message.seq) ?? 0) + 1),
      ),
    );
    const acks = await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        askOk(tabs[n % 3]!, 'message:send', {
          sessionId: session.id,
          clientId: randomUUID(),
          content: `message ${n}`,
        }),
      ),
    );
    expect(acks.every((ack) => ack.ok)).toBe(true);
    expect(acks.map((ack) => ack.message.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );

    const rows = await storedMessages(session.id);
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(rows.map((row) => row.content)).size).toBe(200);
    await waitUntil(() => seen.every((tab) => tab.size === 200), Boolean);
    for (const tab of seen) expect([...tab.values()].every((count) => count === 1)).toBe(true);
  });

  it('stores one message for a clientId retried 5 times after a dropped ack', async () => {
    const { tabs, session, visitor } = await visitorWithTabs(1);
    const payload = { sessionId: session.id, clientId: randomUUID(), content: 'are you there?' };
    // The first attempt's connection drops before its ack can arrive.
    tabs[0]!.emit('message:send', payload, () => undefined);
    tabs[0]!.disconnect();
    const tab = await open(visitor.token);
    const acks = [
      ...(await Promise.all([1, 2].map(() => askOk(tab, 'message:send', payload)))),
      await askOk(tab, 'message:send', payload),
      await askOk(tab, 'message:send', payload),
      await askOk(tab, 'message:send', payload),
    ];
    expect(acks.every((ack) => ack.ok)).toBe(true);
    expect(new Set(acks.map((ack) => ack.message.id)).size).toBe(1);
    expect(acks[0]!.message).toMatchObject({
      seq: 1,
      clientId: payload.clientId,
      senderType: 'visitor',
      content: 'are you there?',
    });
    expect(await storedMessages(session.id)).toHaveLength(1);
  });

  it('gives a client that was away exactly the 20 messages it missed, in order', async () => {
    const { tabs, session, visitor } = await visitorWithTabs(2);
    const [stay, leave] = tabs as [WidgetTestSocket, WidgetTestSocket];
    await askOk(stay, 'message:send', {
      sessionId: session.id,
      clientId: randomUUID(),
      content: 'before',
    });
    const lastSeen = 1;
    leave.disconnect();
    for (let n = 0; n < 20; n += 1)
      await askOk(stay, 'message:send', {
        sessionId: session.id,
        clientId: randomUUID(),
        content: `missed ${n}`,
      });

    const back = await open(visitor.token);
    const resumed = await askOk(back, 'session:resume', {
      sessionId: session.id,
      afterSeq: lastSeen,
    });
    expect(resumed.ok).toBe(true);
    expect(resumed.messages.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect(resumed.messages.map((m) => m.content)).toEqual(
      Array.from({ length: 20 }, (_, i) => `missed ${i}`),
    );
    // Resumed, it is in the room again: the next message reaches it live.
    const live = new Promise<TMessage>((resolve) => back.once('message:new', resolve));
    await askOk(stay, 'message:send', {
      sessionId: session.id,
      clientId: randomUUID(),
      content: 'welcome back',
    });
    expect((await live).seq).toBe(22);
  });

  it('resumes the same session with the token, titles it from the first message, and pages history backwards', async () => {
    const { tabs, session, visitor } = await visitorWithTabs(1);
    for (let n = 1; n <= 45; n += 1)
      await askOk(tabs[0]!, 'message:send', {
        sessionId: session.id,
        clientId: `c${n}`,
        content: `  line ${n}\n`,
      });
    const again = await open(visitor.token);
    const start = await askOk(again, 'session:start', {
      page: { url: 'https://shop.example.com/cart', title: 'Cart' },
    });
    expect(start.session).toMatchObject({
      id: session.id,
      title: 'line 1',
      lastSeq: 45,
      pageUrl: 'https://shop.example.com/cart',
    });
    expect(start.visitor.id).toBe(visitor.id);
    expect(start.messages.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 16));

    const get = (query: string) =>
      fetch(`${t.url}/api/v1/sessions/${session.id}/messages${query}`, {
        headers: { authorization: `Bearer ${visitor.token}`, origin: 'https://shop.example.com' },
      });
    const newest = await get('');
    expect(newest.status).toBe(200);
    expect(newest.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const first = (await newest.json()) as { messages: TMessage[]; hasMore: boolean };
    expect(first.messages.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 16));
    expect(first.hasMore).toBe(true);
    const older = (await (await get('?before=16&limit=30')).json()) as {
      messages: TMessage[];
      hasMore: boolean;
    };
    expect(older.messages.map((m) => m.seq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(older.hasMore).toBe(false);
  });
  it('hands the sending tab its message and the ack in one network write, message first', async () => {
    const { tabs, session } = await visitorWithTabs(1);
    const tab = tabs[0]!;
    const writes = recordServerWrites(t.server.io, tab.io.engine.id);
    const copy = new Promise<TMessage>((resolve) => tab.once('message:new', resolve));
    const ack = await askOk(tab, 'message:send', {
      sessionId: session.id,
      clientId: randomUUID(),
      content: 'one write',
    });
    expect((await copy).id).toBe(ack.message.id);
    const carrying = writes.filter((written) => written.includes(ack.message.id));
    expect(carrying).toHaveLength(1);
    const [written] = carrying;
    expect(written!.indexOf('"message:new"')).toBeGreaterThanOrEqual(0);
    expect(written!.indexOf('"message:new"')).toBeLessThan(written!.indexOf('"ok":true'));
  });
});
