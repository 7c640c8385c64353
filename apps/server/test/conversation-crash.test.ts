import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { io } from 'socket.io-client';
import { openDatabase } from '@parley/db';
import type { TMessage, TSession } from '@parley/protocol';
import {
  createTestDatabase,
  DATABASE_KINDS,
  spawnServer,
  waitForStatus,
  type ServerProcess,
  type TestDatabase,
  waitUntil,
} from '@parley/test-kit';
import { seedWidget } from './support/seed-widget.ts';
import {
  ALLOWED_ORIGIN,
  askOk,
  connectWidget,
  type WidgetTestSocket,
} from './support/widget-client.ts';
import { startTestServer } from './support/test-server.ts';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A migrated database with one widget; the connection is closed again (one per process). */
async function prepareDatabase(
  kind: (typeof DATABASE_KINDS)[number],
): Promise<{ testDb: TestDatabase; widgetKey: string }> {
  const testDb = await createTestDatabase(kind, inject('mariadbBaseUrl'));
  cleanups.push(() => testDb.drop());
  const db = openDatabase({ url: testDb.url, sqliteStorage: '' });
  try {
    await db.migrator.up();
    return { testDb, widgetKey: (await seedWidget(db)).widgetKey };
  } finally {
    await db.close();
  }
}

async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const server = await spawnServer({ env, args: ['--no-migrate'] });
  cleanups.push(() => server.stop('SIGKILL'));
  await waitForStatus(`${server.url}/readyz`, 200, 30_000);
  return server;
}

function connect(url: string, auth: Record<string, string>): Promise<WidgetTestSocket> {
  const socket: WidgetTestSocket = io(`${url}/widget`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth,
    extraHeaders: { origin: ALLOWED_ORIGIN },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** /metrics on the public port answers only with its token. */
const METRICS_TOKEN = 'crash-test-metrics-token-0123456789';

describe.each(DATABASE_KINDS)('a crash on %s', (kind) => {
  it('keeps every acknowledged message after kill -9 mid-send, and stores none twice', async () => {
    const { testDb, widgetKey } = await prepareDatabase(kind);
    const env = {
      DATABASE_URL: testDb.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      RATE_LIMIT_MESSAGES_PER_VISITOR: '100000',
      RATE_LIMIT_EVENTS_PER_VISITOR: '100000',
      RATE_LIMIT_MESSAGES_PER_IP: '100000',
      METRICS_TOKEN: METRICS_TOKEN,
    };
    const first = await startServer(env);
    // Three visitors with a session each, four tabs (send loops) per visitor: twelve concurrent
    // senders, so messages of several sessions share transactions.
    const visitors = await Promise.all(
      [0, 1, 2].map(async (v) => {
        const socket = await connect(first.url, { widgetKey });
        const start = (await socket.emitWithAck('session:start', {
          page: { url: `${ALLOWED_ORIGIN}/`, title: 'Shop' },
        })) as { session: TSession; visitor: { token: string } };
        return { v, socket, sessionId: start.session.id, token: start.visitor.token };
      }),
    );

    // Kill -9 once a good number is acknowledged.
    const acked = new Map<string, TMessage>();
    const attempted: Array<{ visitor: (typeof visitors)[number]; clientId: string }> = [];
    let isDead = false;
    const loop = async (visitor: (typeof visitors)[number], tab: number) => {
      for (let n = 0; !isDead; n += 1) {
        const clientId = `v${visitor.v}-t${tab}-${n}`;
        attempted.push({ visitor, clientId });
        try {
          const ack = (await visitor.socket.timeout(3_000).emitWithAck('message:send', {
            sessionId: visitor.sessionId,
            clientId,
            content: `message ${clientId}`,
          })) as {
            ok: boolean;
            message: TMessage;
          };
          if (ack.ok) acked.set(clientId, ack.message);
        } catch {
          return; // the server is gone: this send was never acknowledged
        }
      }
    };
    const loops = visitors.flatMap((visitor) => [0, 1, 2, 3].map((tab) => loop(visitor, tab)));
    await waitUntil(() => acked.size >= 150, Boolean, { timeoutMs: 60_000, intervalMs: 5 });
    const metrics = await (
      await fetch(`${first.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    first.child.kill('SIGKILL');
    // The loops go on sending until it is gone: stopped at the kill, they could all have just
    // been answered (one batch acks every loop in one write), and nothing would be in flight.
    expect((await first.exited).signal).toBe('SIGKILL');
    isDead = true;
    await Promise.all(loops);
    // Sends were in flight when it died: each loop ended on one that was never answered.
    expect(attempted.length).toBeGreaterThan(acked.size);
    // The load was batched: fewer transactions than messages.
    const batchCount = Number(/parley_message_batch_size_count (\d+)/.exec(metrics)?.[1]);
    const batchSum = Number(/parley_message_batch_size_sum (\d+)/.exec(metrics)?.[1]);
    expect(batchSum).toBeGreaterThan(batchCount);
    for (const visitor of visitors) visitor.socket.close();

    // After a restart, the widget resends everything it never saw acknowledged (same clientIds).
    const second = await startServer(env);
    const again = new Map(
      await Promise.all(
        visitors.map(
          async (visitor) =>
            [
              visitor,
              await connect(second.url, { widgetKey, visitorToken: visitor.token }),
            ] as const,
        ),
      ),
    );
    for (const { visitor, clientId } of attempted) {
      const ack = (await again.get(visitor)!.emitWithAck('message:send', {
        sessionId: visitor.sessionId,
        clientId,
        content: `message ${clientId}`,
      })) as { ok: boolean; message: TMessage };
      expect(ack.ok).toBe(true);
      const before = acked.get(clientId);
      if (before) expect(ack.message).toMatchObject({ id: before.id, seq: before.seq });
    }
    for (const socket of again.values()) socket.close();
    await second.stop();

    const db = openDatabase({ url: testDb.url, sqliteStorage: '' });
    try {
      const rows = await db.models.ChatMessage.findAll({ order: [['seq', 'ASC']] });
      // The server's own answers (a configured responder) may sit between the visitor's rows.
      const visitorRows = rows.filter((row) => row.senderType === 'visitor');
      const byClientId = new Map(visitorRows.map((row) => [row.clientId, row]));
      for (const [clientId, message] of acked)
        expect(byClientId.get(clientId)?.id, clientId).toBe(message.id);
      expect(visitorRows).toHaveLength(attempted.length);
      expect(byClientId.size).toBe(attempted.length);
      for (const { sessionId } of visitors) {
        const seqs = rows.filter((row) => row.sessionId === sessionId).map((row) => row.seq);
        expect(seqs, sessionId).toEqual(seqs.map((_, i) => i + 1));
      }
    } finally {
      await db.close();
    }
  });
});

describe.each(DATABASE_KINDS)('a graceful shutdown on %s', (kind) => {
  it('finishes the writes in flight, stores every acked message, and drops the sockets', async () => {
    const t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    cleanups.push(() => t.close().catch(() => undefined));
    const { widgetKey } = await seedWidget(t.db);
    const socket = await connectWidget(t.url, { widgetKey });
    const { session } = await askOk(socket, 'session:start', {
      page: { url: `${ALLOWED_ORIGIN}/`, title: 'Shop' },
    });
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const sends = Array.from({ length: 50 }, (_, n) =>
      socket
        .timeout(5_000)
        .emitWithAck('message:send', { sessionId: session.id, clientId: `g${n}`, content: `m${n}` })
        .then((ack: { ok: boolean; message: TMessage }) => (ack.ok ? ack.message : undefined))
        .catch(() => undefined),
    );
    // Stop while writes are in flight: after the first ack, with the rest still queued.
    await Promise.race(sends.map((send) => send.then((m) => m ?? new Promise(() => undefined))));
    const url =
      t.db.target.dialect === 'sqlite' ? `sqlite:${t.db.target.storage}` : t.db.target.url;
    await t.server.close();
    expect(await disconnected).toBe('transport close');
    const acked = (await Promise.all(sends)).filter((m): m is TMessage => m !== undefined);
    expect(acked.length).toBeGreaterThan(0);
    socket.close();

    const db = openDatabase({ url, sqliteStorage: '' });
    try {
      const rows = await db.models.ChatMessage.findAll({ where: { sessionId: session.id } });
      const ids = new Set(rows.map((row) => row.id));
      for (const message of acked) expect(ids.has(message.id)).toBe(true);
      expect(rows.map((row) => row.seq).sort((a, b) => a - b)).toEqual(rows.map((_, i) => i + 1));
    } finally {
      await db.close();
    }
  });
});
