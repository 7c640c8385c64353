import { Writable } from 'node:stream';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { TApiKey, TApiKeyCreated, TMessage } from '@parley/protocol';
import { createLogger } from '../src/logging/create-logger.ts';
import { scopeForRoute } from '../src/features/api-keys/api-key-scopes.ts';
import { api, setupAdmin } from './support/admin-client.ts';
import { listRoutes } from './support/route-list.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { askOk, connectWidget, type TestSocket } from './support/widget-client.ts';

type Body = Record<string, unknown> & { error?: { code: string; details?: { field?: string } } };

const page = { url: 'https://shop.example.com/help', title: 'Help' };

describe.each(DATABASE_KINDS)('API keys on %s', (kind) => {
  let t: TestServer;
  let token: string;
  let sockets: TestSocket[] = [];
  let logText = '';

  const start = async (env: Record<string, string> = {}) => {
    logText = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logText += chunk.toString('utf8');
        done();
      },
    });
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env,
      logger: createLogger('trace', sink),
    });
    token = (await setupAdmin(t.url)).accessToken;
  };
  const createKey = async (name: string, scopes: string[]) => {
    const created = await api<TApiKeyCreated>(t.url, 'POST /api/v1/api-keys', {
      token,
      body: { name, scopes },
    });
    expect(created.status).toBe(201);
    return created.body;
  };
  const withKey = (key: string, route: string, body?: unknown) =>
    api<Body>(t.url, route, { token: key, body });

  afterEach(async () => {
    sockets.forEach((socket) => socket.close());
    sockets = [];
    await t.close();
  });

  it('shows a key once, stores only its digest, and never writes it to the log', async () => {
    await start();
    const created = await createKey('CRM', ['conversations:read']);
    expect(created.key).toMatch(/^prl_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ name: 'CRM', scopes: ['conversations:read'], revokedAt: null });
    expect(created.key.startsWith(created.prefix)).toBe(true);

    const list = await api<{ items: TApiKey[] }>(t.url, 'GET /api/v1/api-keys', { token });
    expect(list.body.items.map((k) => k.id)).toEqual([created.id]);
    expect(JSON.stringify(list.body)).not.toContain(created.key);
    const [row] = await t.db.models.IntegrationApiKey.findAll({ raw: true });
    expect(JSON.stringify(row)).not.toContain(created.key.slice(12));

    expect((await withKey(created.key, 'GET /api/v1/sessions')).status).toBe(200);
    await api(t.url, `DELETE /api/v1/api-keys/${created.id}`, { token });
    expect((await withKey(created.key, 'GET /api/v1/sessions')).status).toBe(401);
    expect(logText).toContain('/api/v1/sessions'); // the requests were logged…
    expect(logText).not.toContain(created.key.slice(12)); // …never the key

    const audit = await t.db.models.UserActivity.findAll({ order: [['createdAt', 'ASC']] });
    const actions = audit.map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['apiKey.create', 'apiKey.revoke']));
    expect(JSON.stringify(audit)).not.toContain(created.key.slice(12));
  });

  it('opens only the routes of its scopes', async () => {
    await start();
    const reader = await createKey('Reader', ['conversations:read']);
    const analyst = await createKey('Analyst', ['analytics:read']);
    const librarian = await createKey('Librarian', ['knowledge:write']);

    expect((await withKey(reader.key, 'GET /api/v1/sessions')).status).toBe(200);
    const forbidden = await withKey(reader.key, 'GET /api/v1/analytics/overview');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error?.code).toBe('FORBIDDEN');
    expect((await withKey(analyst.key, 'GET /api/v1/analytics/overview')).status).toBe(200);
    expect((await withKey(analyst.key, 'GET /api/v1/sessions')).status).toBe(403);

    const base = { name: 'FAQ', sourceType: 'text', content: 'Returns are free.' };
    expect((await withKey(reader.key, 'POST /api/v1/knowledge-bases', base)).status).toBe(403);
    expect((await withKey(librarian.key, 'POST /api/v1/knowledge-bases', base)).status).toBe(201);
    expect(await t.db.models.KnowledgeBaseConfig.count()).toBe(1);

    // No key reaches routes outside the scopes, such as users or minting more keys.
    for (const key of [reader.key, analyst.key, librarian.key]) {
      expect((await withKey(key, 'GET /api/v1/users')).status).toBe(403);
      const minted = await withKey(key, 'POST /api/v1/api-keys', {
        name: 'x',
        scopes: ['analytics:read'],
      });
      expect(minted.status).toBe(403);
    }
    expect((await api(t.url, 'GET /api/v1/api-keys', { token })).body).toMatchObject({
      items: [{ name: 'Reader' }, { name: 'Analyst' }, { name: 'Librarian' }],
    });
    const unknown = await withKey(`prl_${'A'.repeat(43)}`, 'GET /api/v1/sessions');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error?.code).toBe('UNAUTHORIZED');
    const bad = await api<Body>(t.url, 'POST /api/v1/api-keys', {
      token,
      body: { name: 'x', scopes: ['everything'] },
    });
    expect(bad.status).toBe(400);
  });

  it('refuses every other admin route to a key with every scope, and works as the key owner', async () => {
    await start();
    const all = await createKey('All', [
      'conversations:read',
      'messages:write',
      'knowledge:write',
      'analytics:read',
    ]);
    const failures: string[] = [];
    for (const route of listRoutes(t.server.app)) {
      if (!route.path.startsWith('/api/v1/') || route.method === 'OPTIONS') continue;
      const path = route.path.replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000');
      if (scopeForRoute(route.method, path)) continue;
      const answer = await withKey(all.key, `${route.method} ${path}`);
      if (answer.status !== 403) failures.push(`${route.method} ${route.path}: ${answer.status}`);
    }
    expect(failures).toEqual([]);
    // Deactivating the admin who created it stops the key.
    const other = await api<Body>(t.url, 'POST /api/v1/users', {
      token,
      body: {
        email: 'owner@example.com',
        fullName: 'Owner',
        password: 'a long passphrase here',
        role: 'admin',
      },
    });
    const login = await api<{ accessToken: string }>(t.url, 'POST /api/v1/auth/login', {
      body: { email: 'owner@example.com', password: 'a long passphrase here' },
    });
    const owned = await api<TApiKeyCreated>(t.url, 'POST /api/v1/api-keys', {
      token: login.body.accessToken,
      body: { name: 'Owned', scopes: ['analytics:read'] },
    });
    expect((await withKey(owned.body.key, 'GET /api/v1/analytics/overview')).status).toBe(200);
    await api(t.url, `PATCH /api/v1/users/${String(other.body.id)}`, {
      token,
      body: { isActive: false },
    });
    expect((await withKey(owned.body.key, 'GET /api/v1/analytics/overview')).status).toBe(401);
  });

  it('lets a bot post into a conversation, take it over and hand it back', async () => {
    await start();
    const bot = await createKey('Support bot', ['messages:write', 'conversations:read']);
    const widget = await seedWidget(t.db);
    const visitor = await connectWidget(t.url, { widgetKey: widget.widgetKey });
    sockets.push(visitor);
    const { session } = await askOk(visitor, 'session:start', { page });

    const seen = new Promise<TMessage>((resolve) =>
      visitor.on('message:new', (m: TMessage) => m.senderType === 'agent' && resolve(m)),
    );
    const posted = await withKey(bot.key, `POST /api/v1/sessions/${session.id}/messages`, {
      content: 'Hi, this is the bot',
    });
    expect(posted.status).toBe(201);
    expect(await seen).toMatchObject({ content: 'Hi, this is the bot', senderName: 'Support bot' });
    const held = await withKey(bot.key, `GET /api/v1/sessions/${session.id}`);
    expect(held.body).toMatchObject({ status: 'agent' });

    const released = await withKey(bot.key, `POST /api/v1/sessions/${session.id}/release`);
    expect(released.body).toMatchObject({ status: 'open' });
    const taken = await withKey(bot.key, `POST /api/v1/sessions/${session.id}/takeover`);
    expect(taken.body).toMatchObject({ status: 'agent' });
    const messages = await withKey(bot.key, `GET /api/v1/sessions/${session.id}/messages`);
    expect((messages.body.items as TMessage[]).map((m) => m.content)).toEqual([
      'Support bot joined the conversation',
      'Hi, this is the bot',
      'Support bot handed the conversation back to the assistant',
      'Support bot joined the conversation',
    ]);
    const empty = await withKey(bot.key, `POST /api/v1/sessions/${session.id}/messages`, {
      content: ' ',
    });
    expect(empty.status).toBe(400);
    // A reader cannot write.
    const reader = await createKey('Reader', ['conversations:read']);
    const refused = await withKey(reader.key, `POST /api/v1/sessions/${session.id}/messages`, {
      content: 'no',
    });
    expect(refused.status).toBe(403);
  });

  it('limits the requests of each key', async () => {
    await start({ API_KEY_REQUESTS_PER_MINUTE: '3' });
    const busy = await createKey('Busy', ['analytics:read']);
    const other = await createKey('Other', ['analytics:read']);
    for (let i = 0; i < 3; i++)
      expect((await withKey(busy.key, 'GET /api/v1/analytics/overview')).status).toBe(200);
    const limited = await withKey(busy.key, 'GET /api/v1/analytics/overview');
    expect(limited.status).toBe(429);
    expect(limited.body.error?.code).toBe('RATE_LIMITED');
    expect((await withKey(other.key, 'GET /api/v1/analytics/overview')).status).toBe(200);
  });
});
