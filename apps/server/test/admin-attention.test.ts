import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { TUnreadCounts } from '@parley/protocol';
import type { ConversationResponder } from '../src/features/conversations/conversation-responder.ts';
import { api, createAgent, setupAdmin } from './support/admin-client.ts';
import { connectAdmin } from './support/admin-socket.ts';
import { seedWidget } from './support/seed-widget.ts';
import { serverPerTest } from './support/server-per-test.ts';
import { ask, askOk, connectWidget } from './support/widget-client.ts';

/** An assistant that stays silent, so only visitors write. */
const silent: ConversationResponder = { respond: () => Promise.resolve() };

describe.each(DATABASE_KINDS)('unread counts on %s', (kind) => {
  const env = serverPerTest(kind, { responder: silent });

  const visitorWrites = async (widgetKey: string, ...contents: string[]) => {
    const visitor = await connectWidget(env.t.url, { widgetKey });
    env.track(visitor);
    const { session } = await askOk(visitor, 'session:start', {
      page: { url: 'https://shop.example.com/' },
    });
    const say = async (content: string) =>
      ask(visitor, 'message:send', { sessionId: session.id, clientId: content, content });
    for (const content of contents) await say(content);
    return { session, say };
  };
  const unread = async (token: string) =>
    (await api<TUnreadCounts>(env.t.url, 'GET /api/v1/unread', { token })).body;

  it('counts each agent’s unread visitor messages and keeps what each has read', async () => {
    const admin = await setupAdmin(env.t.url);
    const agent = await createAgent(env.t.url, admin.accessToken);
    const widget = await seedWidget(env.t.db);
    const a = await visitorWrites(widget.widgetKey, 'Hello', 'Anyone there?');
    const b = await visitorWrites(widget.widgetKey, 'Pricing?');

    expect(await unread(agent.accessToken)).toEqual({
      total: 3,
      sessions: { [a.session.id]: 2, [b.session.id]: 1 },
    });
    const marked = await api<TUnreadCounts>(
      env.t.url,
      `POST /api/v1/sessions/${a.session.id}/read`,
      {
        token: agent.accessToken,
        body: {},
      },
    );
    expect(marked.body).toEqual({ total: 1, sessions: { [b.session.id]: 1 } });
    // Another agent's counts are their own.
    expect((await unread(admin.accessToken)).total).toBe(3);

    await a.say('Hello again');
    expect((await unread(agent.accessToken)).sessions[a.session.id]).toBe(1);
    // Reading "up to" an older point never moves the mark back.
    await api(env.t.url, `POST /api/v1/sessions/${a.session.id}/read`, {
      token: agent.accessToken,
      body: { seq: 0 },
    });
    expect((await unread(agent.accessToken)).sessions[a.session.id]).toBe(1);
  });

  it('leaves closed conversations out, and refuses bad input without changing anything', async () => {
    const admin = await setupAdmin(env.t.url);
    const widget = await seedWidget(env.t.db);
    const a = await visitorWrites(widget.widgetKey, 'Hello');
    const staff = await connectAdmin(env.t.url, admin.accessToken);
    env.track(staff);
    await askOk(staff, 'session:close', { sessionId: a.session.id });
    expect(await unread(admin.accessToken)).toEqual({ total: 0, sessions: {} });

    const b = await visitorWrites(widget.widgetKey, 'Hi');
    const badSeq = await api<{ error: { code: string } }>(
      env.t.url,
      `POST /api/v1/sessions/${b.session.id}/read`,
      { token: admin.accessToken, body: { seq: -1 } },
    );
    expect(badSeq.status).toBe(400);
    expect(badSeq.body.error.code).toBe('INVALID_PAYLOAD');
    const badId = await api(env.t.url, 'POST /api/v1/sessions/nope/read', {
      token: admin.accessToken,
      body: {},
    });
    expect(badId.status).toBe(400);
    const missing = await api(
      env.t.url,
      'POST /api/v1/sessions/00000000-0000-4000-8000-000000000000/read',
      { token: admin.accessToken, body: {} },
    );
    expect(missing.status).toBe(404);
    expect((await unread(admin.accessToken)).total).toBe(1);
    expect((await api(env.t.url, 'GET /api/v1/unread')).status).toBe(401);
  });
});
