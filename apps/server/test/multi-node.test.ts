import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '@parley/db';
import type { Ack, TAuthResponse, TAvailability, TMessage, TVisitorBanned } from '@parley/protocol';
import {
  createTestDatabase,
  spawnServer,
  startOpenAiCompatibleServer,
  startRedis,
  waitForStatus,
  type OpenAiCompatibleServer,
  type RedisServer,
  type ServerProcess,
  type TestDatabase,
  waitUntil,
} from '@parley/test-kit';
import { connectAdmin, next } from './support/admin-socket.ts';
import { api, SETUP_TOKEN, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import {
  ask,
  askOk,
  connectWidget,
  errorOf,
  openWidgetSocket,
  refusalOf,
  type TestSocket,
  type WidgetTestSocket,
} from './support/widget-client.ts';

/** Polls `check` until it holds (at most 5 s) and resolves with how long that took, in ms. */
async function msUntil(check: () => Promise<boolean>): Promise<number> {
  const startedAt = performance.now();
  await waitUntil(check, Boolean, { timeoutMs: 5_000, intervalMs: 20 });
  return performance.now() - startedAt;
}

/** The per-visitor message limit both nodes share; each node alone would let more through. */
const MESSAGES_PER_VISITOR = 6;

/** A slow answer: 60 words 100 ms apart, six seconds in all, unless someone stops it. */
const SLOW_WORDS = Array.from({ length: 60 }, (_, n) => `w${n} `);
const SLOW_ANSWER = { type: 'stream' as const, deltas: SLOW_WORDS, delayMs: 100 };
const QUICK_ANSWER = { type: 'stream' as const, deltas: ['OK'] };

describe('two server processes on one MariaDB database and one Redis', () => {
  let redis: RedisServer;
  let provider: OpenAiCompatibleServer;
  let testDb: TestDatabase;
  /** The shared database, read directly where no socket is left to tell (a banned visitor). */
  let db: Database;
  let widget: { id: string; widgetKey: string };
  /** A widget whose AI answers any question (open mode), so the provider is asked. */
  let openWidgetKey: string;
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;
  let adminToken: string;
  const sockets: TestSocket[] = [];
  const dataDirs: string[] = [];

  const startNode = async (env: Record<string, string>) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-node-'));
    dataDirs.push(dataDir);
    const node = await spawnServer({ env: { ...env, DATA_DIR: dataDir }, args: ['--no-migrate'] });
    await waitForStatus(`${node.url}/readyz`, 200, 30_000);
    return node;
  };

  const visitorOn = async (url: string, visitorToken?: string, widgetKey = widget.widgetKey) => {
    const socket = await connectWidget(url, { widgetKey, visitorToken });
    sockets.push(socket);
    return socket;
  };

  /** An agent created by the admin through `url`, signed in. */
  const staffMember = async (url: string, email: string) => {
    const password = 'an agent passphrase';
    const created = await api(url, 'POST /api/v1/users', {
      token: adminToken,
      body: { email, password, fullName: 'Agent', role: 'agent' },
    });
    expect(created.status).toBe(201);
    const login = await api<TAuthResponse>(url, 'POST /api/v1/auth/login', {
      body: { email, password },
    });
    expect(login.status).toBe(200);
    return login.body;
  };

  const startSession = async (socket: WidgetTestSocket) =>
    askOk(socket, 'session:start', {
      page: { url: 'https://shop.example.com/', title: 'Shop' },
    });

  beforeAll(async () => {
    redis = await startRedis();
    provider = await startOpenAiCompatibleServer();
    testDb = await createTestDatabase('mariadb', inject('mariadbBaseUrl'));
    db = openDatabase({ url: testDb.url, sqliteStorage: '' });
    await db.migrator.up();
    widget = (await seedWidget(db)).get({ plain: true });
    const open = await seedWidget(db, { name: 'Open' });
    await open.update({ contextMode: 'open' });
    openWidgetKey = open.widgetKey;
    const env = {
      DATABASE_URL: testDb.url,
      REDIS_URL: redis.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DEMO: 'false',
      AI_BASE_URL: provider.baseUrl,
      AI_API_KEY: 'sk-fake-provider-key',
      AI_MODEL: 'fake-model',
      RATE_LIMIT_WINDOW_MS: '60000',
      RATE_LIMIT_MESSAGES_PER_VISITOR: String(MESSAGES_PER_VISITOR),
      RATE_LIMIT_MESSAGES_PER_IP: '100000',
      RATE_LIMIT_EVENTS_PER_VISITOR: '100000',
      RATE_LIMIT_CONNECTIONS_PER_IP: '100000',
      RATE_LIMIT_REQUESTS_PER_IP: '100000',
      RATE_LIMIT_AUTH_REQUESTS_PER_IP: '100000',
      PARLEY_SETUP_TOKEN: SETUP_TOKEN,
      // Visitors may come from addresses of their own (X-Forwarded-For), for address bans.
      TRUST_PROXY: '1',
    };
    [nodeA, nodeB] = await Promise.all([startNode(env), startNode(env)]);
    adminToken = (await setupAdmin(nodeA.url)).accessToken;
  }, 90_000);

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await redis?.stop();
    await provider?.close();
    await db?.close();
    await testDb?.drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('lets a visitor on node A and an agent on node B exchange messages live', async () => {
    const inbox = await connectAdmin(nodeB.url, adminToken);
    sockets.push(inbox);
    const visitor = await visitorOn(nodeA.url);
    const { session } = await startSession(visitor);

    const seenByAgent = next(inbox, 'message:new', (m) => m.content === 'Hello from A');
    await ask(visitor, 'message:send', {
      sessionId: session.id,
      clientId: 'a1',
      content: 'Hello from A',
    });
    expect((await seenByAgent).sessionId).toBe(session.id);

    await ask(inbox, 'session:join', { sessionId: session.id });
    const took = await askOk(inbox, 'session:takeover', { sessionId: session.id });
    expect(took.ok).toBe(true);
    const seenByVisitor = next(visitor, 'message:new', (m) => m.senderType === 'agent');
    const sent = await askOk(inbox, 'message:send', {
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
        await ask(socket, 'message:send', {
          sessionId: session.id,
          clientId: `rl${n}`,
          content: `message ${n}`,
        }),
      );
    }
    expect(acks.filter((ack) => ack.ok)).toHaveLength(MESSAGES_PER_VISITOR);
    const limited = acks.filter((ack) => errorOf(ack)?.code === 'RATE_LIMITED');
    expect(limited).toHaveLength(10 - MESSAGES_PER_VISITOR);
    expect(acks.slice(MESSAGES_PER_VISITOR).every((ack) => !ack.ok)).toBe(true);
  });

  it('applies a moderation rule saved through node A on node B at once', async () => {
    const onB = await visitorOn(nodeB.url);
    const { session } = await startSession(onB);
    const send = (clientId: string, content: string) =>
      ask(onB, 'message:send', { sessionId: session.id, clientId, content });
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
    const update = next(onB, 'config:update');
    const changed = await api(nodeA.url, `PATCH /api/v1/widgets/${widget.id}`, {
      token: adminToken,
      body: { name: 'Renamed on A' },
    });
    expect(changed.status).toBe(200);
    expect(await update).toEqual({ widgetKey: widget.widgetKey });
  });

  /** A visitor on node A whose question is being answered, slowly, by the provider. */
  const streamingOnA = async (question: string) => {
    const visitor = await visitorOn(nodeA.url, undefined, openWidgetKey);
    const { session } = await startSession(visitor);
    provider.setFallback(SLOW_ANSWER);
    const deltas: string[] = [];
    visitor.on('message:delta', (delta) => deltas.push(JSON.stringify(delta)));
    const firstDelta = next(visitor, 'message:delta');
    const sent = await askOk(visitor, 'message:send', {
      sessionId: session.id,
      clientId: `q-${session.id}`,
      content: question,
    });
    expect(sent.ok).toBe(true);
    await firstDelta;
    return { visitor, session, deltas };
  };

  /** The session's AI answer once committed (stopped and partial, or whole). */
  const aiAnswerOf = async (sessionId: string) =>
    (await waitUntil(
      () => db.models.ChatMessage.findOne({ where: { sessionId, senderType: 'ai' } }),
      (row) => row !== null,
      { timeoutMs: 15_000, intervalMs: 100 },
    ))!;

  it('stops an answer streaming on node A when an agent takes over on node B', async () => {
    const inbox = await connectAdmin(nodeB.url, adminToken);
    sockets.push(inbox);
    try {
      const { visitor, session, deltas } = await streamingOnA('Tell me everything, slowly');
      const done = next(visitor, 'message:done');
      await ask(inbox, 'session:join', { sessionId: session.id });
      const took = await askOk(inbox, 'session:takeover', {
        sessionId: session.id,
      });
      expect(took.ok).toBe(true);
      // Node A ends the answer where it was: kept, marked incomplete, far short of the whole.
      const { message } = await done;
      expect(message.isIncomplete).toBe(true);
      expect(message.content.length).toBeLessThan(SLOW_WORDS.join('').trim().length / 2);
      expect(deltas.length).toBeLessThan(SLOW_WORDS.length / 2);
    } finally {
      provider.setFallback(QUICK_ANSWER);
    }
  });

  it('stops an answer streaming on node A when an admin bans the visitor through node B', async () => {
    try {
      const { session } = await streamingOnA('Tell me all of it, and slowly');
      const banned = await api(nodeB.url, 'POST /api/v1/bans', {
        token: adminToken,
        body: { visitorId: session.visitorId, reason: 'abuse' },
      });
      expect(banned.status).toBe(201);
      // The visitor's sockets are closed by the ban, so read what node A stored.
      const answer = await aiAnswerOf(session.id);
      expect(answer.metadata).toMatchObject({ isIncomplete: true });
      expect(answer.content.length).toBeLessThan(SLOW_WORDS.join('').trim().length / 2);
    } finally {
      provider.setFallback(QUICK_ANSWER);
    }
  });

  it('prints the first-admin link with the preset token on each node', () => {
    for (const node of [nodeA, nodeB])
      expect(node.output().stdout).toContain(`${node.url}/admin/setup?token=${SETUP_TOKEN}`);
  });

  it('counts available agents from the start without warning while Redis connects', () => {
    for (const node of [nodeA, nodeB])
      expect(node.output().stdout).not.toContain('could not count available agents');
  });

  it('disconnects an agent on node B at once when node A disables it', async () => {
    const agent = await staffMember(nodeA.url, 'disabled-agent@example.com');
    const agentSocket = await connectAdmin(nodeB.url, agent.accessToken);
    const inbox = await connectAdmin(nodeB.url, adminToken);
    sockets.push(agentSocket, inbox);
    const heardByAgent: string[] = [];
    agentSocket.on('message:new', (message: TMessage) => {
      if (message.senderType === 'visitor') heardByAgent.push(message.content);
    });
    const visitor = await visitorOn(nodeA.url);
    const { session } = await startSession(visitor);
    const send = (clientId: string, content: string) =>
      ask(visitor, 'message:send', { sessionId: session.id, clientId, content });
    const first = next(agentSocket, 'message:new', (m) => m.content === 'before');
    await send('d1', 'before');
    await first;

    const dropped = new Promise((resolve) => agentSocket.once('disconnect', resolve));
    const disabled = await api(nodeA.url, `PATCH /api/v1/users/${agent.user.id}`, {
      token: adminToken,
      body: { isActive: false },
    });
    expect(disabled.status).toBe(200);
    expect(await dropped).toBe('io server disconnect');
    // The inbox on the same node hears the next message; the agent's socket would have too.
    const seen = next(inbox, 'message:new', (m) => m.content === 'after');
    await send('d2', 'after');
    await seen;
    expect(heardByAgent).toEqual(['before']);
  });

  it('counts sign-in guesses for one account across both nodes', async () => {
    await staffMember(nodeA.url, 'guessed@example.com');
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        api<{ error?: { code: string } }>(
          n % 2 === 0 ? nodeA.url : nodeB.url,
          'POST /api/v1/auth/login',
          { body: { email: 'guessed@example.com', password: `wrong guess ${n}` } },
        ),
      ),
    );
    const codes = guesses.map((answer) => answer.body.error?.code);
    // Five per account in all (the default), not five per node.
    expect(codes.filter((code) => code === 'UNAUTHORIZED').length).toBeLessThanOrEqual(5);
    expect(codes.filter((code) => code === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(25);
  });

  it('refuses a visitor on node B within a second of a ban through node A, and lets them back when it is lifted', async () => {
    const onB = await visitorOn(nodeB.url);
    const { session, visitor } = await startSession(onB);
    // Node B has looked the visitor up (and cached that no ban applies).
    const sent = await askOk(onB, 'message:send', {
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
    const bannedAfter = await msUntil(async () => (await refusalOnB())?.code === 'BANNED');
    expect(bannedAfter).toBeLessThanOrEqual(1_000);

    const lifted = await api(nodeA.url, `DELETE /api/v1/bans/${(ban.body as { id: string }).id}`, {
      token: adminToken,
    });
    expect(lifted.status).toBe(204);
    const backAfter = await msUntil(async () => (await refusalOnB()) === undefined);
    expect(backAfter).toBeLessThanOrEqual(1_000);
  });

  it("closes the sender's widget on node B and refuses it there within a second of a ban on its address through node A", async () => {
    const address = '198.51.100.77';
    const onB = await connectWidget(nodeB.url, {
      widgetKey: widget.widgetKey,
      forwardedFor: address,
    });
    sockets.push(onB);
    const { session } = await startSession(onB);
    // Node B has checked this sender against its bans in memory.
    expect(
      (await ask(onB, 'message:send', { sessionId: session.id, clientId: 'ban-1', content: 'hi' }))
        .ok,
    ).toBe(true);
    // Another visitor on node B, from the neighbouring address, is not touched.
    const bystander = await connectWidget(nodeB.url, {
      widgetKey: widget.widgetKey,
      forwardedFor: '198.51.100.78',
    });
    sockets.push(bystander);
    const bystanderSession = (await startSession(bystander)).session;
    const notice = new Promise<TVisitorBanned>((resolve) => onB.once('visitor:banned', resolve));
    const closed = new Promise<string>((resolve) => onB.once('disconnect', resolve));

    const ban = await api<{ id: string }>(nodeA.url, 'POST /api/v1/bans', {
      token: adminToken,
      body: { ipAddress: address, reason: 'spam' },
    });
    expect(ban.status).toBe(201);
    const bannedAt = performance.now();
    // The room of the address spans the nodes: the widget on B is told, then closed.
    expect(await notice).toMatchObject({ code: 'BANNED', expiresAt: null });
    expect(await closed).toBe('io server disconnect');
    // Coming back to node B meets B's own ban check, which learns of the ban through Redis.
    const comeBack = () =>
      refusalOf(nodeB.url, { widgetKey: widget.widgetKey, forwardedFor: address }).catch(
        () => undefined, // accepted: B has not heard of the ban yet
      );
    let refusal = await comeBack();
    while (refusal?.code !== 'BANNED' && performance.now() - bannedAt < 2_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      refusal = await comeBack();
    }
    expect(refusal).toMatchObject({ code: 'BANNED' });
    expect(performance.now() - bannedAt).toBeLessThanOrEqual(1_000);
    expect(bystander.connected).toBe(true);
    const fromNeighbour = await ask(bystander, 'message:send', {
      sessionId: bystanderSession.id,
      clientId: 'neighbour-1',
      content: 'still here',
    });
    expect(fromNeighbour.ok).toBe(true);
    const lifted = await api(nodeA.url, `DELETE /api/v1/bans/${ban.body.id}`, {
      token: adminToken,
    });
    expect(lifted.status).toBe(204);
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
      const after = await msUntil(async () => (await refusal(url))?.code === 'ORIGIN_NOT_ALLOWED');
      expect(after).toBeLessThanOrEqual(1_000);
    }
    expect((await patch(['https://shop.example.com'])).status).toBe(200);
    for (const url of [nodeA.url, nodeB.url])
      expect(await msUntil(async () => (await refusal(url)) === undefined)).toBeLessThanOrEqual(
        1_000,
      );
  });

  // Last: it takes Redis away from both nodes.
  it('tells a visitor on node B who can answer as agents on node A come, go away and leave', async () => {
    // Staff sockets of earlier tests would count as available agents: this test starts alone.
    sockets.splice(0).forEach((socket) => socket.close());
    // Listen before connecting: the first availability can arrive with the handshake's answer.
    const visitor = openWidgetSocket(nodeB.url, { widgetKey: widget.widgetKey });
    sockets.push(visitor);
    let latest: TAvailability['state'] | undefined;
    visitor.on('availability', (a: TAvailability) => (latest = a.state));
    const stateOf = (state: TAvailability['state']) =>
      expect.poll(() => latest, { timeout: 10_000 }).toBe(state);
    await stateOf('away');

    const agent = await connectAdmin(nodeA.url, adminToken);
    sockets.push(agent);
    await stateOf('online');

    expect(await ask(agent, 'presence:set', { status: 'away' })).toEqual({
      ok: true,
      status: 'away',
    });
    await stateOf('away');
    expect(await ask(visitor, 'availability:get', {})).toMatchObject({ ok: true, state: 'away' });

    await ask(agent, 'presence:set', { status: 'online' });
    await stateOf('online');
    agent.close();
    await stateOf('away');
  });

  it('keeps serving on each node alone when Redis goes away, and /readyz says so', async () => {
    const readyBefore = await fetch(`${nodeA.url}/readyz`);
    expect(await readyBefore.json()).toMatchObject({ status: 'ready', checks: { redis: 'ok' } });
    const visitor = await visitorOn(nodeA.url);
    const { session } = await startSession(visitor);
    await redis.stop();
    // Sent once node A knows Redis is gone, so they take the path without it.
    await waitUntil(() => nodeA.output().stdout.includes('Redis unreachable'), Boolean);
    const acks: Ack[] = [];
    for (const n of [1, 2]) {
      acks.push(
        await askOk(visitor, 'message:send', {
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
    // Reported, but the node stays in the pool: it still serves alone.
    const readyAfter = await fetch(`${nodeB.url}/readyz`);
    expect(readyAfter.status).toBe(200);
    expect(await readyAfter.json()).toMatchObject({ checks: { redis: 'unreachable' } });
  });
});
