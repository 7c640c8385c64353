import { afterAll, describe, expect, inject, it } from 'vitest';
import type { TMessage } from '@parley/protocol';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { NewMessage } from '../src/features/conversations/message-store.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { ALLOWED_ORIGIN, ask, askOk, connectWidget } from './support/widget-client.ts';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function serverWithWidget(kind: (typeof DATABASE_KINDS)[number]) {
  const t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
  cleanups.push(() => t.close());
  const widget = await seedWidget(t.db);
  return { t, widget };
}

/** A visitor with one open session, as `session:start` leaves them. */
async function visitorWithSession(t: TestServer, widgetId: string) {
  const visitor = await t.db.models.Visitor.create({ widgetId });
  const session = await t.db.models.ChatSession.create({ widgetId, visitorId: visitor.id });
  return { owner: { visitorId: visitor.id, widgetId }, sessionId: session.id };
}

type Outcome = { ok: true; message: TMessage; isNew: boolean } | { ok: false; code: string };

describe.each(DATABASE_KINDS)('group commit on %s', (kind) => {
  it('gives each message of one batch its own answer: good ones stored, bad ones refused alone', async () => {
    const { t, widget } = await serverWithWidget(kind);
    const store = t.server.conversations.service.store;
    const alice = await visitorWithSession(t, widget.id);
    const bob = await visitorWithSession(t, widget.id);
    const closed = await visitorWithSession(t, widget.id);
    await t.db.models.ChatSession.update({ status: 'closed' }, { where: { id: closed.sessionId } });
    const banned = await visitorWithSession(t, widget.id);
    await t.db.models.UserBan.create({ visitorId: banned.owner.visitorId, reason: 'spam' });
    const visitorSend = (who: typeof alice, clientId: string): NewMessage => ({
      ...who,
      senderType: 'visitor',
      senderId: who.owner.visitorId,
      clientId,
      content: `text of ${clientId}`,
    });
    const stored = await store.commit(visitorSend(alice, 'a-0'));

    const batches: number[] = [];
    const stop = store.observeBatches((size) => batches.push(size));
    const inputs: NewMessage[] = [
      visitorSend(alice, 'a-1'),
      visitorSend(alice, 'a-2'),
      visitorSend(alice, 'a-2'), // the same clientId twice in one batch
      { ...visitorSend(alice, 'b-x'), owner: bob.owner }, // bob writing into alice's session
      visitorSend(closed, 'c-1'),
      { ...visitorSend(alice, 'u-1'), sessionId: '00000000-0000-4000-8000-000000000000' },
      visitorSend(alice, 'a-0'), // stored before this batch
      visitorSend(bob, 'b-1'),
      visitorSend(alice, 'a-3'),
      { ...visitorSend(banned, 'x-1'), banScope: { visitorId: banned.owner.visitorId, ip: '::1' } },
      { ...visitorSend(alice, 'a-4'), banScope: { visitorId: alice.owner.visitorId, ip: '::1' } },
    ];
    const outcomes = await Promise.all(
      inputs.map((input) =>
        store.commit(input).then(
          ({ message, isNew }): Outcome => ({ ok: true, message, isNew }),
          (error: { code: string }): Outcome => ({ ok: false, code: error.code }),
        ),
      ),
    );
    stop();
    // All of them (or all but a first that went alone) shared one transaction.
    expect(Math.max(...batches)).toBeGreaterThanOrEqual(inputs.length - 1);

    const [a1, a2, a2again, foreign, toClosed, unknown, a0again, b1, a3, fromBanned, a4] = outcomes;
    expect(a1).toMatchObject({ ok: true, isNew: true, message: { clientId: 'a-1', seq: 2 } });
    expect(a2).toMatchObject({ ok: true, isNew: true, message: { clientId: 'a-2', seq: 3 } });
    expect(a2again).toMatchObject({ ok: true, isNew: false });
    const idOf = (outcome?: Outcome) => (outcome?.ok ? outcome.message.id : undefined);
    expect(idOf(a2again)).toBe(idOf(a2));
    expect(foreign).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(toClosed).toEqual({ ok: false, code: 'SESSION_CLOSED' });
    expect(unknown).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(a0again).toMatchObject({ ok: true, isNew: false, message: { id: stored.message.id } });
    expect(b1).toMatchObject({ ok: true, isNew: true, message: { clientId: 'b-1', seq: 1 } });
    expect(a3).toMatchObject({ ok: true, isNew: true, message: { clientId: 'a-3', seq: 4 } });
    expect(fromBanned).toEqual({ ok: false, code: 'BANNED' });
    expect(a4).toMatchObject({ ok: true, isNew: true, message: { clientId: 'a-4', seq: 5 } });

    const rows = await t.db.models.ChatMessage.findAll({ order: [['seq', 'ASC']] });
    const bySession = (id: string) =>
      rows.filter((row) => row.sessionId === id).map((row) => [row.seq, row.clientId]);
    expect(bySession(alice.sessionId)).toEqual([
      [1, 'a-0'],
      [2, 'a-1'],
      [3, 'a-2'],
      [4, 'a-3'],
      [5, 'a-4'],
    ]);
    expect(bySession(bob.sessionId)).toEqual([[1, 'b-1']]);
    expect(bySession(closed.sessionId)).toEqual([]);
    const sessions = await t.db.models.ChatSession.findAll();
    const lastSeq = new Map(sessions.map((session) => [session.id, session.lastSeq]));
    expect([alice, bob, closed, banned].map((who) => lastSeq.get(who.sessionId))).toEqual([
      5, 1, 0, 0,
    ]);
  });

  it('keeps the seq of a session whose only message in the batch was stored before (a resend)', async () => {
    const { t, widget } = await serverWithWidget(kind);
    const store = t.server.conversations.service.store;
    const alice = await visitorWithSession(t, widget.id);
    const bob = await visitorWithSession(t, widget.id);
    const send = (who: typeof alice, clientId: string): NewMessage => ({
      ...who,
      senderType: 'visitor',
      senderId: who.owner.visitorId,
      clientId,
      content: `text of ${clientId}`,
    });
    const first = await store.commit(send(alice, 'a-1'));
    const before = await t.db.models.ChatSession.findByPk(alice.sessionId);
    const batches: number[] = [];
    const stop = store.observeBatches((size) => batches.push(size));
    // Alice's tab resends after a reconnect while Bob writes. Bob's first message goes alone
    // (an idle store writes at once); the resend and his second share the next batch, in which
    // the first INSERT meets the stored copy and Alice's session is, on the second try, not
    // written to.
    const [, resent, fromBob] = await Promise.all([
      store.commit(send(bob, 'b-0')),
      store.commit(send(alice, 'a-1')),
      store.commit(send(bob, 'b-1')),
    ]);
    stop();
    expect(batches).toEqual([1, 2]);
    expect(resent).toMatchObject({ isNew: false, message: { id: first.message.id, seq: 1 } });
    expect(fromBob).toMatchObject({ isNew: true, message: { seq: 2 } });
    const session = await t.db.models.ChatSession.findByPk(alice.sessionId);
    expect(session?.lastSeq).toBe(1);
    // A resend is not activity: the inbox order and the title stay as they were.
    expect(session?.lastMessageAt.toISOString()).toBe(before?.lastMessageAt.toISOString());
    expect(session?.title).toBe(before?.title);
    const next = await store.commit(send(alice, 'a-2'));
    expect(next.message.seq).toBe(2);
  });

  it('moves every session of a large batch to its own next seq and titles each new one once', async () => {
    const { t, widget } = await serverWithWidget(kind);
    const store = t.server.conversations.service.store;
    const visitors = await Promise.all(
      Array.from({ length: 120 }, () => visitorWithSession(t, widget.id)),
    );
    const send = (who: (typeof visitors)[number], n: number): NewMessage => ({
      ...who,
      senderType: 'visitor',
      senderId: who.owner.visitorId,
      clientId: `${who.sessionId}-${n}`,
      content: `message ${n} of ${who.sessionId}`,
    });
    // One message each first, so the sessions have a seq and a title before the big batch.
    await Promise.all(visitors.slice(0, 60).map((who) => store.commit(send(who, 1))));
    const batches: number[] = [];
    const stop = store.observeBatches((size) => batches.push(size));
    const sent = await Promise.all(
      visitors.flatMap((who) => [store.commit(send(who, 2)), store.commit(send(who, 3))]),
    );
    stop();
    expect(Math.max(...batches)).toBeGreaterThan(100);
    const seqs = new Map<string, number[]>();
    for (const { message } of sent)
      seqs.set(message.sessionId, [...(seqs.get(message.sessionId) ?? []), message.seq]);
    const sessions = await t.db.models.ChatSession.findAll({
      where: { id: visitors.map((who) => who.sessionId) },
    });
    for (const [index, who] of visitors.entries()) {
      const hadOne = index < 60;
      expect(seqs.get(who.sessionId)).toEqual(hadOne ? [2, 3] : [1, 2]);
      const session = sessions.find((row) => row.id === who.sessionId);
      expect(session?.lastSeq).toBe(hadOne ? 3 : 2);
      expect(session?.title).toBe(`message ${hadOne ? 1 : 2} of ${who.sessionId}`);
    }
  });

  it('answers a burst of good and bad sends from several tabs each on its own', async () => {
    const { t, widget } = await serverWithWidget(kind);
    const tab = await connectWidget(t.url, { widgetKey: widget.widgetKey });
    const start = await askOk(tab, 'session:start', {
      page: { url: `${ALLOWED_ORIGIN}/`, title: 'Shop' },
    });
    const other = await connectWidget(t.url, { widgetKey: widget.widgetKey });
    const otherStart = await askOk(other, 'session:start', {
      page: { url: `${ALLOWED_ORIGIN}/`, title: 'Shop' },
    });
    const tabs = [
      tab,
      await connectWidget(t.url, {
        widgetKey: widget.widgetKey,
        visitorToken: start.visitor.token,
      }),
    ];
    const sessionId = start.session.id;
    const sends = [
      ...Array.from({ length: 40 }, (_, n) => ({
        socket: tabs[n % 2]!,
        payload: { sessionId, clientId: `good-${n}`, content: `message ${n}` },
        expected: 'ok',
      })),
      ...Array.from({ length: 5 }, (_, n) => ({
        socket: tabs[n % 2]!,
        payload: { sessionId, clientId: `long-${n}`, content: 'x'.repeat(4_001) },
        expected: 'MESSAGE_TOO_LONG',
      })),
      ...Array.from({ length: 5 }, (_, n) => ({
        socket: tabs[n % 2]!,
        payload: { sessionId: otherStart.session.id, clientId: `foreign-${n}`, content: 'hi' },
        expected: 'NOT_FOUND',
      })),
    ].sort((a, b) => a.payload.clientId.localeCompare(b.payload.clientId));
    const acks = await Promise.all(
      sends.map(({ socket, payload }) => ask(socket, 'message:send', payload)),
    );
    acks.forEach((ack, index) => {
      const { expected, payload } = sends[index]!;
      if (expected === 'ok')
        expect(ack, payload.clientId).toMatchObject({
          ok: true,
          message: { clientId: payload.clientId },
        });
      else expect(ack, payload.clientId).toMatchObject({ ok: false, error: { code: expected } });
    });
    const seqs = acks.flatMap((ack) => (ack.ok ? [ack.message.seq] : []));
    expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // More than one message shared a transaction.
    const metrics = await t.server.metrics.registry.getSingleMetricAsString(
      'parley_message_batch_size',
    );
    const count = Number(/parley_message_batch_size_count (\d+)/.exec(metrics)?.[1]);
    expect(count).toBeLessThan(40);
    for (const socket of [...tabs, other]) socket.close();
  });
});
