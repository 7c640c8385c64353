import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '@parley/db';
import type { TMessage, TSession } from '@parley/protocol';
import {
  createTestDatabase,
  spawnServer,
  startRedis,
  waitForStatus,
  type RedisServer,
  type ServerProcess,
  type TestDatabase,
} from '@parley/test-kit';
import { connectAdmin, next } from './support/admin-socket.ts';
import { api, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { call, connectWidget, refusalOf } from './support/widget-client.ts';

type Ack = { ok: boolean; message?: TMessage; error?: { code: string } };

/** Polls `check` until it holds (at most 5 s) and resolves with how long that took, in ms. */
async function waitUntil(check: () => Promise<boolean>): Promise<number> {
  const startedAt = performance.now();
  while (!(await check())) {
    if (performance.now() - startedAt > 5_000) throw new Error('the change never showed');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - startedAt;
}

/** The per-visitor message limit both nodes share; each node alone would let more through. */
const MESSAGES_PER_VISITOR = 6;

describe('two server processes on one MariaDB database and one Redis', () => {
  let redis: RedisServer;
  let testDb: TestDatabase;
  let widget: { id: string; widgetKey: string };
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;
  let adminToken: string;
  const sockets: Socket[] = [];
  const dataDirs: string[] = [];

  const startNode = async (env: Record<string, string>) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-node-'));
    dataDirs.push(dataDir);
    const node = await spawnServer({ env: { ...env, DATA_DIR: dataDir }, args: ['--no-migrate'] });
    await waitForStatus(`${node.url}/readyz`, 200, 30_000);
    return node;
  };

  const visitorOn = async (url: string, visitorToken?: string) => {
    const socket = await connectWidget(url, { widgetKey: widget.widgetKey, visitorToken });
    sockets.push(socket);
    return socket;
  };

  const startSession = async (socket: Socket) =>
    call<{ ok: true; session: TSession; visitor: { id: string; token: string } }>(
      socket,
      'session:start',
      {
        page: { url: 'https://shop.example.com/', title: 'Shop' },
      },
    );

  beforeAll(async () => {
    redis = await startRedis();
    testDb = await createTestDatabase('mariadb', inject('mariadbBaseUrl'));
    const db = openDatabase({ url: testDb.url, sqliteStorage: '' });
    try {
      await db.migrator.up();
      widget = (await seedWidget(db)).get({ plain: true });
    } finally {
      await db.close();
    }
    const env = {
      DATABASE_URL: testDb.url,
      REDIS_URL: redis.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DEMO: 'false',
      RATE_LIMIT_WINDOW_MS: '60000',
      RATE_LIMIT_MESSAGES_PER_VISITOR: String(MESSAGES_PER_VISITOR),
      RATE_LIMIT_MESSAGES_PER_IP: '100000',
      RATE_LIMIT_EVENTS_PER_VISITOR: '100000',
      RATE_LIMIT_CONNECTIONS_PER_IP: '100000',
      RATE_LIMIT_REQUESTS_PER_IP: '100000',
    };
    [nodeA, nodeB] = await Promise.all([startNode(env), startNode(env)]);
    adminToken = (await setupAdmin(nodeA.url)).accessToken;
  }, 90_000);

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await redis?.stop();
    await testDb?.drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('lets a visitor on node A and an agent on node B exchange messages live', async () => {
    const inbox = await connectAdmin(nodeB.url, adminToken);
    sockets.push(inbox);
    const visitor = await visitorOn(nodeA.url);
    const { session } = await startSession(visitor);

    const seenByAgent = next<TMessage>(inbox, 'message:new', (m) => m.content === 'Hello from A');
    await call(visitor, 'message:send', {
      sessionId: session.id,
      clientId: 'a1',
      content: 'Hello from A',
    });
    expect((await seenByAgent).sessionId).toBe(session.id);

    await call(inbox, 'session:join', { sessionId: session.id });
    const took = await call<{ ok: boolean }>(inbox, 'session:takeover', { sessionId: session.id });
    expect(took.ok).toBe(true);
    const seenByVisitor = next<TMessage>(visitor, 'message:new', (m) => m.senderType === 'agent');
    const sent = await call<Ack>(inbox, 'message:send', {
      sessionId: session.id,
      clientId: 'b1',
      content: 'Hello from B',
    });
    expect(sent.ok).toBe(true);
    expect((await seenByVisitor).content).toBe('Hello from B');
  });

  it('counts a visitor rate limit across both nodes', async () => {
    const onA = await visitorOn(nodeA.url);
    const { session, visitor } = await startSession(onA);
    const onB = await visitorOn(nodeB.url, visitor.token);
    const acks: Ack[] = [];
    // Five sends through each node: under the limit on either alone, over it together.
    for (let n = 0; n < 10; n += 1) {
      const socket = n % 2 === 0 ? onA : onB;
      acks.push(
        await call<Ack>(socket, 'message:send', {
          sessionId: session.id,
          clientId: `rl${n}`,
          content: `message ${n}`,
        }),
      );
    }
    expect(acks.filter((ack) => ack.ok)).toHaveLength(MESSAGES_PER_VISITOR);
    const limited = acks.filter((ack) => ack.error?.code === 'RATE_LIMITED');
    expect(limited).toHaveLength(10 - MESSAGES_PER_VISITOR);
    expect(acks.slice(MESSAGES_PER_VISITOR).every((ack) => !ack.ok)).toBe(true);
  });

  it('applies a moderation rule saved through node A on node B at once', async () => {
    const onB = await visitorOn(nodeB.url);
    const { session } = await startSession(onB);
    const send = (clientId: string, content: string) =>
      call<Ack>(onB, 'message:send', { sessionId: session.id, clientId, content });
    // Node B has loaded (and cached) the rules: none matches yet.
    expect((await send('m1', 'my chargeback plan')).ok).toBe(true);

    const rule = await api(nodeA.url, 'POST /api/v1/moderation-rules', {
      token: adminToken,
      body: { name: 'chargebacks', pattern: 'chargeback', action: 'block' },
    });
    expect(rule.status).toBe(201);
    const blocked = await send('m2', 'another chargeback');
    expect(blocked).toMatchObject({ ok: false, error: { code: 'BLOCKED_BY_MODERATION' } });
  });

  it('tells widgets on node B when the widget is changed through node A', async () => {
    const onB = await visitorOn(nodeB.url);
    await startSession(onB);
    const update = next<{ widgetKey: string }>(onB, 'config:update', () => true);
    const changed = await api(nodeA.url, `PATCH /api/v1/widgets/${widget.id}`, {
      token: adminToken,
      body: { name: 'Renamed on A' },
    });
    expect(changed.status).toBe(200);
    expect(await update).toEqual({ widgetKey: widget.widgetKey });
  });

  it('refuses a visitor on node B within a second of a ban through node A, and lets them back when it is lifted', async () => {
    const onB = await visitorOn(nodeB.url);
    const { session, visitor } = await startSession(onB);
    // Node B has looked the visitor up (and cached that no ban applies).
    const sent = await call<Ack>(onB, 'message:send', {
      sessionId: session.id,
      clientId: 'before-ban',
      content: 'hello',
    });
    expect(sent.ok).toBe(true);
    const refusalOnB = () =>
      refusalOf(nodeB.url, { widgetKey: widget.widgetKey, visitorToken: visitor.token }).catch(
        () => undefined, // accepted: no refusal
      );

    const ban = await api(nodeA.url, 'POST /api/v1/bans', {
      token: adminToken,
      body: { visitorId: visitor.id, reason: 'spam' },
    });
    expect(ban.status).toBe(201);
    const bannedAfter = await waitUntil(async () => (await refusalOnB())?.code === 'BANNED');
    expect(bannedAfter).toBeLessThanOrEqual(1_000);

    const lifted = await api(nodeA.url, `DELETE /api/v1/bans/${(ban.body as { id: string }).id}`, {
      token: adminToken,
    });
    expect(lifted.status).toBe(204);
    const backAfter = await waitUntil(async () => (await refusalOnB()) === undefined);
    expect(backAfter).toBeLessThanOrEqual(1_000);
  });

  it('refuses an origin on both nodes within a second of removing it through node A', async () => {
    const refusal = (url: string) =>
      refusalOf(url, { widgetKey: widget.widgetKey }).catch(() => undefined); // accepted
    // Both nodes have looked the widget up (and cached it) for a handshake.
    expect([await refusal(nodeA.url), await refusal(nodeB.url)]).toEqual([undefined, undefined]);
    const patch = (allowedOrigins: string[]) =>
      api(nodeA.url, `PATCH /api/v1/widgets/${widget.id}`, {
        token: adminToken,
        body: { allowedOrigins },
      });
    expect((await patch(['https://elsewhere.example.net'])).status).toBe(200);
    for (const url of [nodeA.url, nodeB.url]) {
      const after = await waitUntil(
        async () => (await refusal(url))?.code === 'ORIGIN_NOT_ALLOWED',
      );
      expect(after).toBeLessThanOrEqual(1_000);
    }
    expect((await patch(['https://shop.example.com'])).status).toBe(200);
    for (const url of [nodeA.url, nodeB.url])
      expect(await waitUntil(async () => (await refusal(url)) === undefined)).toBeLessThanOrEqual(
        1_000,
      );
  });

  // Last: it takes Redis away from both nodes.
  it('keeps serving on each node alone when Redis goes away', async () => {
    const visitor = await visitorOn(nodeA.url);
    const { session } = await startSession(visitor);
    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const acks: Ack[] = [];
    for (const n of [1, 2]) {
      acks.push(
        await call<Ack>(visitor, 'message:send', {
          sessionId: session.id,
          clientId: `down${n}`,
          content: `still here ${n}`,
        }),
      );
    }
    expect(acks.map((ack) => ack.ok)).toEqual([true, true]);
    const later = await visitorOn(nodeB.url);
    expect((await startSession(later)).ok).toBe(true);
    expect(nodeA.child.exitCode).toBeNull();
    expect(nodeB.child.exitCode).toBeNull();
    expect(nodeA.output().stdout).toContain('Redis unreachable');
  });
});
