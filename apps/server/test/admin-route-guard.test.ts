import { randomBytes, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import { loadSecrets } from '../src/app/secrets.ts';
import { keyIdOf } from '../src/features/auth/access-tokens.ts';
import { api, createAgent, setupAdmin } from './support/admin-client.ts';
import { listRoutes, type RouteEntry } from './support/route-list.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/**
 * Routes anyone may call: sign-in itself, the widget's public side, and the links and relay
 * posts of visitors' mail (each proves itself with its own signed token or HMAC signature:
 * offline-email.test.ts refuses forged ones).
 */
const PUBLIC = new Set([
  'POST /api/v1/email/inbound',
  'GET /api/v1/email/unsubscribe',
  'POST /api/v1/email/unsubscribe',
  'GET /api/v1/email/confirm',
  'POST /api/v1/email/confirm',
  'GET /api/v1/auth/setup',
  'POST /api/v1/auth/setup',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  'GET /api/v1/widgets/:key/config',
]);
/** Routes an agent may use (the inbox); every other staff route is admin only. */
const AGENT_ALLOWED = new Set([
  'GET /api/v1/auth/me',
  'GET /api/v1/sessions',
  'GET /api/v1/sessions/:id',
  'GET /api/v1/sessions/:id/messages',
  'GET /api/v1/sessions/:id/export',
  // What an agent does on the /admin socket, over REST (also for API keys with messages:write).
  'POST /api/v1/sessions/:id/messages',
  'POST /api/v1/sessions/:id/takeover',
  'POST /api/v1/sessions/:id/release',
  'POST /api/v1/sessions/:id/transcript',
  'GET /api/v1/notifications',
  'POST /api/v1/notifications/:id/read',
  'POST /api/v1/notifications/read',
  'GET /api/v1/unread',
  'POST /api/v1/sessions/:id/read',
  'GET /api/v1/sessions/:id/notes',
  // The workspace: who to hand a conversation to, who the visitor is, canned replies to insert.
  'GET /api/v1/agents',
  'GET /api/v1/sessions/:id/visitor',
  'GET /api/v1/canned-replies',
  'GET /api/v1/canned-replies/:id',
]);

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.each(DATABASE_KINDS)('every admin route refuses bad credentials on %s', (kind) => {
  const jwtSecret = randomBytes(32).toString('hex');
  const adminKey = loadSecrets({ jwtSecret, dataDir: '' }).adminJwtSecret;
  let t: TestServer;
  let adminId: string;
  let agentToken: string;
  let routes: RouteEntry[];

  beforeAll(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: { JWT_SECRET: jwtSecret },
    });
    const admin = await setupAdmin(t.url);
    adminId = admin.user.id;
    agentToken = (await createAgent(t.url, admin.accessToken)).accessToken;
    routes = listRoutes(t.server.app).filter(
      (route) =>
        route.path.startsWith('/api/v1/') &&
        route.method !== 'OPTIONS' &&
        !PUBLIC.has(`${route.method} ${route.path}`),
    );
  });
  afterAll(async () => t.close());

  const claims = () => ({ role: 'admin', sub: adminId });
  const signOptions = {
    algorithm: 'HS256' as const,
    issuer: 'parley',
    audience: 'parley-admin',
    keyid: keyIdOf(adminKey),
  };
  const badTokens = (): Record<string, string | undefined> => ({
    'no token': undefined,
    'an expired token': jwt.sign(
      { ...claims(), exp: Math.floor(Date.now() / 1000) - 60 },
      adminKey,
      signOptions,
    ),
    'a token signed with another key': jwt.sign(claims(), randomBytes(32), {
      ...signOptions,
      expiresIn: 600,
    }),
    'a token with alg none': `${base64url({ alg: 'none', typ: 'JWT', kid: keyIdOf(adminKey) })}.${base64url(
      { ...claims(), iss: 'parley', aud: 'parley-admin', exp: Math.floor(Date.now() / 1000) + 600 },
    )}.`,
    'a token for another audience': jwt.sign(claims(), adminKey, {
      ...signOptions,
      audience: 'parley-visitor',
      expiresIn: 600,
    }),
  });
  const call = (route: RouteEntry, token: string | undefined) =>
    api(t.url, `${route.method} ${route.path.replace(/:[a-zA-Z]+/g, randomUUID())}`, {
      token,
      body: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
    });

  it('finds the admin routes in the router', () => {
    const names = routes.map((route) => `${route.method} ${route.path}`);
    expect(names).toContain('POST /api/v1/widgets');
    expect(names).toContain('DELETE /api/v1/provider-keys/:id');
    expect(names).toContain('POST /api/v1/maintenance/cleanup');
    expect(routes.length).toBeGreaterThan(40);
  });

  it('answers UNAUTHORIZED to missing, expired, foreign, unsigned and misaddressed tokens', async () => {
    const failures: string[] = [];
    for (const route of routes)
      for (const [label, token] of Object.entries(badTokens())) {
        const answer = await call(route, token);
        const code = (answer.body as { error?: { code?: string } } | undefined)?.error?.code;
        if (answer.status !== 401 || code !== 'UNAUTHORIZED')
          failures.push(`${route.method} ${route.path} with ${label}: ${answer.status} ${code}`);
      }
    expect(failures).toEqual([]);
  });

  it('answers FORBIDDEN to an agent on every admin-only route', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      if (AGENT_ALLOWED.has(`${route.method} ${route.path}`)) continue;
      const answer = await call(route, agentToken);
      if (answer.status !== 403)
        failures.push(
          `${route.method} ${route.path}: ${answer.status} ${JSON.stringify(answer.body)}`,
        );
    }
    expect(failures).toEqual([]);
  });

  it('refuses the same bad tokens at the /admin handshake, and drops a socket when its token expires', async () => {
    const connect = (token: string | undefined) =>
      new Promise<{ socket: Socket; error?: { code?: string } }>((resolve) => {
        const socket = io(`${t.url}/admin`, {
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
          auth: token === undefined ? {} : { token },
        });
        socket.once('connect', () => resolve({ socket }));
        socket.once('connect_error', (error: Error & { data?: { code?: string } }) =>
          resolve({ socket, error: error.data }),
        );
      });
    for (const [label, token] of Object.entries(badTokens())) {
      const { socket, error } = await connect(token);
      socket.close();
      expect({ label, code: error?.code }).toEqual({ label, code: 'UNAUTHORIZED' });
    }
    const shortLived = jwt.sign(
      { ...claims(), exp: Math.floor(Date.now() / 1000) + 2 },
      adminKey,
      signOptions,
    );
    const { socket, error } = await connect(shortLived);
    expect(error).toBeUndefined();
    const reason = await new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect(reason).toBe('io server disconnect');
  });

  it('lets an agent into the inbox routes', async () => {
    expect((await api(t.url, 'GET /api/v1/sessions', { token: agentToken })).status).toBe(200);
    expect((await api(t.url, 'GET /api/v1/auth/me', { token: agentToken })).status).toBe(200);
    expect((await api(t.url, 'GET /api/v1/unread', { token: agentToken })).status).toBe(200);
  });
});
