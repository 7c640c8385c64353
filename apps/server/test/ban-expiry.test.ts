import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import { api, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import {
  ask,
  askOk,
  connectWidget,
  refusalOf,
  type WidgetTestSocket,
} from './support/widget-client.ts';

const page = { url: 'https://shop.example.com/', title: 'Shop' };
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A BANNED refusal tells the widget when the ban ends (`details.expiresAt`, null for good), so it
// can say so and come back by itself at that moment.
describe.each(DATABASE_KINDS)('a BANNED refusal carries the end of the ban on %s', (kind) => {
  let t: TestServer;
  let token: string;
  let widgetKey: string;
  const sockets: WidgetTestSocket[] = [];

  beforeAll(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    token = (await setupAdmin(t.url)).accessToken;
    widgetKey = (await seedWidget(t.db)).widgetKey;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });

  const openVisitor = async (visitorToken?: string) => {
    const socket = await connectWidget(t.url, { widgetKey, visitorToken });
    sockets.push(socket);
    const { session, visitor } = await askOk(socket, 'session:start', { page });
    return { socket, session, visitor };
  };
  const ban = async (body: { visitorId?: string; ipAddress?: string; expiresAt?: string }) => {
    const made = await api<{ id: string }>(t.url, 'POST /api/v1/bans', {
      token,
      body: { reason: 'abuse', ...body },
    });
    expect(made.status).toBe(201);
    return made.body.id;
  };
  const lift = async (id: string) =>
    expect((await api(t.url, `DELETE /api/v1/bans/${id}`, { token })).status).toBe(204);

  it('a temporary ban: the refused connection and the refused message both say when it ends', async () => {
    const { socket, session, visitor } = await openVisitor();
    const expiresAt = inMs(3_600_000);
    // Written straight to the table, as a node that could not announce it would: the open
    // connection stays, and its next message meets the ban check.
    await t.db.models.UserBan.create({
      visitorId: visitor.id,
      reason: 'abuse',
      expiresAt: new Date(expiresAt),
    });
    const sent = await ask(socket, 'message:send', {
      sessionId: session.id,
      clientId: 'after-ban',
      content: 'hello?',
    });
    expect(sent).toMatchObject({ ok: false, error: { code: 'BANNED', details: { expiresAt } } });
    expect(await refusalOf(t.url, { widgetKey, visitorToken: visitor.token })).toMatchObject({
      code: 'BANNED',
      details: { expiresAt },
    });
  });

  it('a ban for good: the refused connection carries expiresAt null', async () => {
    const { visitor } = await openVisitor();
    await ban({ visitorId: visitor.id });
    expect(await refusalOf(t.url, { widgetKey, visitorToken: visitor.token })).toMatchObject({
      code: 'BANNED',
      details: { expiresAt: null },
    });
  });

  it('a visitor banned by id and by address is told the later end; a ban for good outlasts any', async () => {
    const { visitor } = await openVisitor();
    await ban({ visitorId: visitor.id, expiresAt: inMs(3_600_000) });
    const later = inMs(7_200_000);
    // Every test client connects from 127.0.0.1: the address bans are lifted whatever happens.
    const addressBans = [await ban({ ipAddress: '127.0.0.1', expiresAt: later })];
    try {
      const options = { widgetKey, visitorToken: visitor.token };
      expect((await refusalOf(t.url, options))?.details).toEqual({ expiresAt: later });
      // A new visitor from that address is refused by the address ban alone.
      expect((await refusalOf(t.url, { widgetKey }))?.details).toEqual({ expiresAt: later });
      addressBans.push(await ban({ ipAddress: '127.0.0.1' }));
      expect((await refusalOf(t.url, options))?.details).toEqual({ expiresAt: null });
    } finally {
      for (const id of addressBans) await lift(id);
    }
  });

  it('lets the visitor back in once a temporary ban has ended, with nothing announced', async () => {
    const { visitor } = await openVisitor();
    const expiresAt = inMs(1_500);
    await ban({ visitorId: visitor.id, expiresAt });
    const options = { widgetKey, visitorToken: visitor.token };
    expect((await refusalOf(t.url, options))?.details).toEqual({ expiresAt });
    // What the widget does: wait for the end, and a few hundred ms more.
    await sleep(Date.parse(expiresAt) - Date.now() + 300);
    const back = await openVisitor(visitor.token);
    expect(
      await ask(back.socket, 'message:send', {
        sessionId: back.session.id,
        clientId: 'after-the-end',
        content: 'hello again',
      }),
    ).toMatchObject({ ok: true, message: { content: 'hello again' } });
  });
});
