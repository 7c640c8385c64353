import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TWidgetClientEvents } from '@parley/protocol';
import { DATABASE_KINDS } from '@parley/test-kit';
import { next } from './support/admin-socket.ts';
import { seedWidget } from './support/seed-widget.ts';
import {
  ask,
  askAnyPayload,
  errorOf,
  askOk,
  connectWidget,
  refusalOf,
  type TestSocket,
} from './support/widget-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const page = { url: 'https://shop.example.com/', title: 'Shop' };

describe.each(DATABASE_KINDS)('conversation security on %s', (kind) => {
  let t: TestServer;
  let widgetKey: string;
  let otherWidgetKey: string;
  const sockets: TestSocket[] = [];
  const open = async (options: { visitorToken?: string; key?: string; origin?: string } = {}) => {
    const socket = await connectWidget(t.url, { widgetKey: options.key ?? widgetKey, ...options });
    sockets.push(socket);
    return socket;
  };
  const newVisitor = async () => {
    const socket = await open();
    const start = await askOk(socket, 'session:start', { page });
    return { socket, session: start.session, visitor: start.visitor };
  };
  const countMessages = () => t.db.models.ChatMessage.count();

  beforeAll(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    widgetKey = (
      await seedWidget(t.db, { allowedOrigins: ['https://shop.example.com', '*.example.org'] })
    ).widgetKey;
    // Open to every origin on purpose: only the token can keep a stranger out.
    otherWidgetKey = (await seedWidget(t.db, { allowedOrigins: ['*'] })).widgetKey;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });

  it("keeps visitor B out of visitor A's session whatever it tries", async () => {
    const a = await newVisitor();
    const sent = await askOk(a.socket, 'message:send', {
      sessionId: a.session.id,
      clientId: 'a1',
      content: 'my address is …',
    });
    const b = await newVisitor();
    const heardByB: unknown[] = [];
    b.socket.onAny((event, payload) => heardByB.push([event, payload]));
    const id = a.session.id;
    const before = await countMessages();
    // Each attempt on A's session, and the same attempt on an id that does not exist: B must
    // get the same answer for both, so it learns nothing.
    const attempts: Array<
      [keyof TWidgetClientEvents, (sessionId: string, messageId: string) => unknown]
    > = [
      ['session:start', (sessionId) => ({ sessionId, page })],
      ['session:resume', (sessionId) => ({ sessionId, afterSeq: 0 })],
      ['message:send', (sessionId) => ({ sessionId, clientId: 'b1', content: 'hello A' })],
      ['message:read', (sessionId) => ({ sessionId, seq: 1 })],
      ['typing', (sessionId) => ({ sessionId, isTyping: true })],
      ['handoff:request', (sessionId) => ({ sessionId })],
      ['feedback', (_sessionId, messageId) => ({ messageId, rating: 'down' })],
    ];
    for (const [event, payload] of attempts) {
      const ack = await askAnyPayload(b.socket, event, payload(id, sent.message.id));
      const unknown = await askAnyPayload(b.socket, event, payload(randomUUID(), randomUUID()));
      expect(ack.ok, event).toBe(false);
      expect(errorOf(ack)?.code, event).toBe('NOT_FOUND');
      expect(errorOf(ack), event).toEqual(errorOf(unknown));
    }
    const page404 = await fetch(`${t.url}/api/v1/sessions/${id}/messages`, {
      headers: { authorization: `Bearer ${b.visitor.token}`, origin: 'https://shop.example.com' },
    });
    expect(page404.status).toBe(404);
    expect(JSON.stringify(await page404.json())).not.toContain('my address');

    expect(await countMessages()).toBe(before);
    expect((await t.db.models.ChatSession.findByPk(id))!.status).toBe('open');
    expect(await t.db.models.MessageFeedback.count()).toBe(0);
    const broadcast = next(a.socket, 'message:new', (message) => message.clientId === 'a2');
    await askOk(a.socket, 'message:send', {
      sessionId: id,
      clientId: 'a2',
      content: 'private',
    });
    await broadcast;
    // The room was told; a round trip of B's own comes after anything sent to B before it.
    await askOk(b.socket, 'availability:get', {});
    expect(heardByB).toEqual([]);
  });

  it('refuses tampered and foreign-widget tokens with UNAUTHORIZED, at the handshake and on REST', async () => {
    const a = await newVisitor();
    const [head, body, signature] = a.visitor.token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${head}.${Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString('base64url')}.${signature}`;
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${body}.`;
    for (const visitorToken of [forged, unsigned, `${a.visitor.token}x`, 'not-a-token'])
      expect((await refusalOf(t.url, { widgetKey, visitorToken }))?.code).toBe('UNAUTHORIZED');
    const foreign = await refusalOf(t.url, {
      widgetKey: otherWidgetKey,
      visitorToken: a.visitor.token,
    });
    expect(foreign?.code).toBe('UNAUTHORIZED');
    const rest = await fetch(`${t.url}/api/v1/sessions/${a.session.id}/messages`, {
      headers: { authorization: `Bearer ${forged}`, origin: 'https://shop.example.com' },
    });
    expect(rest.status).toBe(401);
    expect(((await rest.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    expect((await fetch(`${t.url}/api/v1/sessions/${a.session.id}/messages`)).status).toBe(401);
  });

  it('refuses a disallowed Origin at the handshake and on the public REST, and accepts wildcards', async () => {
    for (const origin of [
      'https://evil.example',
      'http://shop.example.com',
      'https://example.org',
      'https://shop.example.com.evil.io',
    ])
      expect((await refusalOf(t.url, { widgetKey, origin }))?.code, origin).toBe(
        'ORIGIN_NOT_ALLOWED',
      );
    expect((await refusalOf(t.url, { widgetKey, origin: null }))?.code).toBe('ORIGIN_NOT_ALLOWED');
    expect((await refusalOf(t.url, { widgetKey: 'wk_nope' }))?.code).toBe('NOT_FOUND');
    const wildcard = await open({ origin: 'https://deep.blog.example.org' });
    expect(wildcard.connected).toBe(true);
    // A page Parley serves itself (the embed frame) is same-origin with the server.
    const ownPage = await open({ origin: t.url });
    expect(ownPage.connected).toBe(true);

    const refused = await fetch(`${t.url}/api/v1/widgets/${widgetKey}/config`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'ORIGIN_NOT_ALLOWED',
    );
    const a = await newVisitor();
    const restRefused = await fetch(`${t.url}/api/v1/sessions/${a.session.id}/messages`, {
      headers: { authorization: `Bearer ${a.visitor.token}`, origin: 'https://evil.example' },
    });
    expect(restRefused.status).toBe(403);
  });

  it('serves the public config with an ETag, CORS for the allowed origin and no secrets', async () => {
    const secretWidget = await seedWidget(t.db, {
      identitySecret: 'top-secret-identity-key',
      cipher: t.server.admin.cipher,
      allowedOrigins: ['https://shop.example.com'],
    });
    const url = `${t.url}/api/v1/widgets/${secretWidget.widgetKey}/config`;
    const response = await fetch(url, { headers: { origin: 'https://shop.example.com' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const text = await response.text();
    expect(text).not.toContain('top-secret');
    expect(JSON.parse(text)).toMatchObject({
      widgetKey: secretWidget.widgetKey,
      requiresIdentityHash: true,
    });
    const etag = response.headers.get('etag')!;
    const again = await fetch(url, {
      headers: { origin: 'https://shop.example.com', 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    await secretWidget.update({ title: 'Help' });
    const changed = await fetch(url, {
      headers: { origin: 'https://shop.example.com', 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { title: string }).title).toBe('Help');
  });

  it('answers oversize, empty, non-string and malformed payloads with their code and stores nothing', async () => {
    const a = await newVisitor();
    const before = await countMessages();
    // What each send failed with (`undefined` on success).
    const send = async (payload: unknown) =>
      errorOf(await askAnyPayload(a.socket, 'message:send', payload));
    const base = { sessionId: a.session.id, clientId: randomUUID() };
    const tooLong = await send({ ...base, content: 'x'.repeat(4001) });
    expect(tooLong).toMatchObject({
      code: 'MESSAGE_TOO_LONG',
      details: { field: 'content', max: 4000 },
    });
    expect((await send({ ...base, content: ' \n\t ' }))?.code).toBe('INVALID_PAYLOAD');
    expect(await send({ ...base, content: 42 })).toMatchObject({
      code: 'INVALID_PAYLOAD',
      details: { field: 'content' },
    });
    expect((await send({ ...base, content: { $gt: '' } }))?.code).toBe('INVALID_PAYLOAD');
    expect((await send('garbage'))?.code).toBe('INVALID_PAYLOAD');
    expect((await send(null))?.code).toBe('INVALID_PAYLOAD');
    expect((await send({ sessionId: a.session.id, content: 'no client id' }))?.code).toBe(
      'INVALID_PAYLOAD',
    );
    expect(
      await ask(a.socket, 'session:resume', { sessionId: a.session.id, afterSeq: -1 }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(await askAnyPayload(a.socket, 'session:start', { page: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    expect(await countMessages()).toBe(before);
    // Still serving this visitor afterwards.
    expect(await send({ ...base, content: 'fine' })).toBeUndefined();
  });

  it('refuses a banned visitor with BANNED, at the handshake and on send, until the ban expires', async () => {
    const a = await newVisitor();
    // Written straight to the table on purpose: a ban this node was not told about (made on
    // another node while the bus was down) must still stop a send on a connection already open.
    // The REST route, which also closes the connections, is covered in conversation-interaction.
    const ban = await t.db.models.UserBan.create({
      visitorId: a.visitor.id,
      reason: 'spam',
      expiresAt: null,
    });
    const send = await ask(a.socket, 'message:send', {
      sessionId: a.session.id,
      clientId: randomUUID(),
      content: 'spam',
    });
    expect(errorOf(send)?.code).toBe('BANNED');
    expect((await refusalOf(t.url, { widgetKey, visitorToken: a.visitor.token }))?.code).toBe(
      'BANNED',
    );
    await ban.update({ expiresAt: new Date(Date.now() - 1000) });
    const back = await open({ visitorToken: a.visitor.token });
    expect(
      (
        await askOk(back, 'message:send', {
          sessionId: a.session.id,
          clientId: randomUUID(),
          content: 'sorry',
        })
      ).ok,
    ).toBe(true);
    expect(await t.db.models.ChatMessage.count({ where: { sessionId: a.session.id } })).toBe(1);
  });

  it('links a verified identity across devices and refuses a wrong or blank hash', async () => {
    const secret = 'identity-secret-for-tests-0123456789';
    const widget = await seedWidget(t.db, {
      identitySecret: secret,
      cipher: t.server.admin.cipher,
    });
    const hash = (id: string) => createHmac('sha256', secret).update(id).digest('hex');
    const laptop = await open({ key: widget.widgetKey });
    const started = await askOk(laptop, 'session:start', { page });
    for (const bad of [
      undefined,
      '',
      '   ',
      hash('someone-else'),
      hash('user-42').toUpperCase().slice(1),
    ]) {
      const ack = await askAnyPayload(laptop, 'identify', { id: 'user-42', hash: bad });
      expect(errorOf(ack)?.code, String(bad)).toBe('IDENTITY_NOT_VERIFIED');
    }
    const identified = await askOk(laptop, 'identify', {
      id: 'user-42',
      name: 'Ada',
      hash: hash('user-42'),
    });
    expect(identified.ok).toBe(true);
    await askOk(laptop, 'message:send', {
      sessionId: started.session.id,
      clientId: 'l1',
      content: 'from my laptop',
    });

    const phone = await open({ key: widget.widgetKey });
    const phoneVisitor = (await askOk(phone, 'session:start', { page })).visitor;
    expect(phoneVisitor.id).not.toBe(identified.visitor.id);
    const linked = await askOk(phone, 'identify', { id: 'user-42', hash: hash('user-42') });
    expect(linked.visitor.id).toBe(identified.visitor.id);
    const history = await askOk(phone, 'session:start', {
      sessionId: started.session.id,
      page,
    });
    expect(history.messages.map((m) => m.content)).toEqual(['from my laptop']);
  });
});

describe.each(DATABASE_KINDS)('rate limits on %s', (kind) => {
  let t: TestServer;
  let widgetKey: string;
  beforeAll(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: {
        RATE_LIMIT_REQUESTS_PER_IP: '20',
        RATE_LIMIT_MESSAGES_PER_VISITOR: '10',
        RATE_LIMIT_CONNECTIONS_PER_IP: '8',
        RATE_LIMIT_WINDOW_MS: '60000',
      },
    });
    widgetKey = (await seedWidget(t.db)).widgetKey;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('cuts a message flood and a connection flood with RATE_LIMITED, and stays responsive', async () => {
    const socket = await connectWidget(t.url, { widgetKey });
    const session = (await askOk(socket, 'session:start', { page })).session;
    const flood = Array.from({ length: 300 }, (_, n) =>
      ask(socket, 'message:send', {
        sessionId: session.id,
        clientId: `f${n}`,
        content: `flood ${n}`,
      }),
    );
    const healthStartedAt = performance.now();
    const health = await fetch(`${t.url}/healthz`);
    const healthMs = performance.now() - healthStartedAt;
    const acks = await Promise.all(flood);
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(1000);
    expect(acks.filter((ack) => ack.ok)).toHaveLength(10);
    const limited = acks.flatMap((ack) => {
      const error = errorOf(ack);
      return error?.code === 'RATE_LIMITED' ? [error] : [];
    });
    expect(limited).toHaveLength(290);
    expect(limited[0]!.details!.retryAfterMs).toBeGreaterThan(0);
    expect(await t.db.models.ChatMessage.count({ where: { sessionId: session.id } })).toBe(10);
    socket.close();

    // One connection was spent above; 7 more fit in the window, the next is refused.
    const extra = await Promise.all(
      Array.from({ length: 7 }, () => connectWidget(t.url, { widgetKey })),
    );
    const refused = await refusalOf(t.url, { widgetKey });
    expect(refused?.code).toBe('RATE_LIMITED');
    expect(refused?.details?.retryAfterMs).toBeGreaterThan(0);
    for (const s of extra) s.close();
  });

  it('cuts a flood of public REST requests with RATE_LIMITED', async () => {
    const url = `${t.url}/api/v1/widgets/${widgetKey}/config`;
    const statuses = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const response = await fetch(url, { headers: { origin: 'https://shop.example.com' } });
        return response.status;
      }),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);

    // The budget is every public route's: the embed page and the email links (each a database
    // read or write for anyone on the internet) are refused too until the window passes.
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const others = [
      fetch(`${t.url}/embed/${widgetKey}`),
      fetch(`${t.url}/api/v1/email/confirm?token=x`),
      fetch(`${t.url}/api/v1/email/confirm`, { method: 'POST', headers: form, body: 'token=x' }),
      fetch(`${t.url}/api/v1/email/unsubscribe`, {
        method: 'POST',
        headers: form,
        body: 'token=x',
      }),
    ];
    expect((await Promise.all(others)).map((response) => response.status)).toEqual([
      429, 429, 429, 429,
    ]);
  });
});
