import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { ConversationResponder } from '../src/features/conversations/conversation-responder.ts';
import { connectAdmin, next } from './support/admin-socket.ts';
import { api, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { ask, askOk, connectWidget, errorOf, refusalOf } from './support/widget-client.ts';

/** An assistant that answers every visitor message, so its silence is observable. */
const echo: ConversationResponder = {
  async respond({ message }, output) {
    await output.commit({ content: `AI: ${message.content}` });
  },
};

const page = { url: 'https://shop.example.com/', title: 'Shop' };

/**
 * Issue #13: bans are read from memory and the batch path skips Sequelize; neither may let a
 * change arrive late. Each case first sends a message, so whatever is cached is warm (and
 * would be stale) when the change is made.
 */
describe.each(DATABASE_KINDS)('changes seen by the very next message on %s', (kind) => {
  let t: TestServer;
  let widgetKey: string;
  let adminToken: string;
  const sockets: Socket[] = [];
  let visitors = 0;

  beforeAll(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: { TRUST_PROXY: '1' },
      responder: echo,
    });
    widgetKey = (await seedWidget(t.db)).widgetKey;
    adminToken = (await setupAdmin(t.url)).accessToken;
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await t?.close();
  });

  /** A new visitor from an address of its own (behind the trusted proxy), with a session. */
  const newVisitor = async () => {
    visitors += 1;
    const address = `198.51.100.${visitors}`;
    const socket = await connectWidget(t.url, { widgetKey, forwardedFor: address });
    sockets.push(socket);
    const { session, visitor } = await askOk(socket, 'session:start', { page });
    let sent = 0;
    const sendOn = (on: Socket) => (content: string) =>
      ask(on, 'message:send', {
        sessionId: session.id,
        clientId: `c-${(sent += 1)}`,
        content,
      });
    const options = { widgetKey, forwardedFor: address, visitorToken: visitor.token };
    /** The same visitor in a new tab (its open session resumed); refused while banned. */
    const reconnect = async () => {
      const again = await connectWidget(t.url, options);
      sockets.push(again);
      await askOk(again, 'session:start', { page });
      return { send: sendOn(again) };
    };
    const refusal = () => refusalOf(t.url, options);
    return { socket, session, address, send: sendOn(socket), reconnect, refusal };
  };
  const stored = (sessionId: string) =>
    t.db.models.ChatMessage.findAll({ where: { sessionId }, order: [['seq', 'ASC']] });

  it("closes the sender's widget once an admin bans its address, refuses it at once, and takes it back once lifted", async () => {
    const visitor = await newVisitor();
    expect((await visitor.send('before')).ok).toBe(true);
    const closed = new Promise<string>((resolve) => visitor.socket.once('disconnect', resolve));

    const ban = await api<{ id: string }>(t.url, 'POST /api/v1/bans', {
      token: adminToken,
      body: { ipAddress: visitor.address, reason: 'abuse' },
    });
    expect(ban.status).toBe(201);
    expect(await closed).toBe('io server disconnect');
    expect(await visitor.refusal()).toMatchObject({ code: 'BANNED' });

    const lifted = await api(t.url, `DELETE /api/v1/bans/${ban.body.id}`, { token: adminToken });
    expect(lifted.status).toBe(204);
    expect((await (await visitor.reconnect()).send('after')).ok).toBe(true);
    const visitorRows = (await stored(visitor.session.id)).filter(
      (row) => row.senderType === 'visitor',
    );
    expect(visitorRows.map((row) => row.content)).toEqual(['before', 'after']);
  });

  it('refuses a banned address at once, then takes it once the ban is shortened to have ended', async () => {
    const visitor = await newVisitor();
    expect((await visitor.send('before')).ok).toBe(true);
    const ban = await api<{ id: string }>(t.url, 'POST /api/v1/bans', {
      token: adminToken,
      body: { ipAddress: visitor.address, reason: 'abuse' },
    });
    expect(await visitor.refusal()).toMatchObject({ code: 'BANNED' });
    const ended = await api(t.url, `PATCH /api/v1/bans/${ban.body.id}`, {
      token: adminToken,
      body: { expiresAt: new Date(Date.now() - 1_000).toISOString() },
    });
    expect(ended.status).toBe(200);
    expect((await (await visitor.reconnect()).send('after')).ok).toBe(true);
  });

  it('leaves the next message to the agent once taken over, and refuses the next one once closed', async () => {
    const inbox = await connectAdmin(t.url, adminToken);
    sockets.push(inbox);
    const visitor = await newVisitor();
    const firstAnswer = next(visitor.socket, 'message:new', (m) => m.senderType === 'ai');
    expect((await visitor.send('Hi')).ok).toBe(true);
    expect((await firstAnswer).content).toBe('AI: Hi');

    const took = await askOk(inbox, 'session:takeover', {
      sessionId: visitor.session.id,
    });
    expect(took.session.status).toBe('agent');
    expect((await visitor.send('Are you a person?')).ok).toBe(true);
    await t.server.inFlight.drain(5_000);
    // The notice that the agent joined is there too; what counts is that the AI said nothing more.
    const afterTakeover = (await stored(visitor.session.id)).filter(
      (row) => row.senderType !== 'system',
    );
    expect(afterTakeover.map((row) => `${row.senderType}: ${row.content}`)).toEqual([
      'visitor: Hi',
      'ai: AI: Hi',
      'visitor: Are you a person?',
    ]);

    const closed = await askOk(inbox, 'session:close', {
      sessionId: visitor.session.id,
    });
    expect(closed.session.status).toBe('closed');
    expect(errorOf(await visitor.send('Still there?'))?.code).toBe('SESSION_CLOSED');
    const afterClose = await stored(visitor.session.id);
    expect(afterClose.filter((row) => row.senderType === 'visitor')).toHaveLength(2);
  });
});
