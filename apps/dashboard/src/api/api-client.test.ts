import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TAuthResponse, TUser } from '@parley/protocol';
import { loadSecrets } from '../../../server/src/app/secrets.ts';
import { createAccessTokens } from '../../../server/src/features/auth/access-tokens.ts';
import { createAiFeature } from '../../../server/src/features/ai/ai-feature.ts';
import { ADMIN, SETUP_TOKEN } from '../../../server/test/support/admin-client.ts';
import { seedWidget } from '../../../server/test/support/seed-widget.ts';
import { startTestServer, type TestServer } from '../../../server/test/support/test-server.ts';
import { connectWidget, askOk } from '../../../server/test/support/widget-client.ts';
import { ApiClient, ApiError } from './api-client.ts';
import { connectLive, type LiveConnection, type LiveState } from './live-inbox.ts';

const JWT_SECRET = 'api-client-test-secret-0123456789abcdef0123456789';
const REFRESH_PATH = '/api/v1/auth/refresh';

/** A token the server signed but that has already expired, as after a long lunch. */
function expiredToken(user: TUser): string {
  const { adminJwtSecret } = loadSecrets({ jwtSecret: JWT_SECRET, dataDir: '' });
  return createAccessTokens([adminJwtSecret], { ttlSeconds: -60 }).sign({
    userId: user.id,
    role: user.role,
    tokenVersion: 0,
  });
}

/**
 * A loopback HTTP proxy in front of the Parley server that can be switched to answer 503 to
 * refreshes, as a load balancer does while the server restarts.
 */
async function startProxy(
  target: string,
): Promise<{ url: string; isDown: boolean; server: Server }> {
  const state = { isDown: false };
  const { hostname, port } = new URL(target);
  const server = createServer((req, res) => {
    if (state.isDown && req.url === REFRESH_PATH) {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'Restarting' } }));
      return;
    }
    const upstream = httpRequest(
      { hostname, port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, { url, server });
}

describe('the API client against the real server', () => {
  let t: TestServer;
  let storage: Map<string, string>;
  let requested: string[];
  let signOuts: number;
  let lives: LiveConnection[];

  /** A client as the dashboard builds it, recording every path it asks for. */
  const newClient = (baseUrl = t.url) => {
    const api = new ApiClient({
      baseUrl,
      storage: {
        getItem: (key) => storage.get(key) ?? null,
        setItem: (key, value) => void storage.set(key, value),
        removeItem: (key) => void storage.delete(key),
      },
      fetch: (input, init) => {
        requested.push(new URL(input as string).pathname);
        return fetch(input, init);
      },
    });
    api.onSignedOut = () => (signOuts += 1);
    return api;
  };
  const signedIn = async (baseUrl = t.url) => {
    const api = newClient(baseUrl);
    api.signIn(await api.post<TAuthResponse>('/auth/setup', { ...ADMIN, setupToken: SETUP_TOKEN }));
    return api;
  };
  const expire = (api: ApiClient) => {
    api.session = { ...api.session!, accessToken: expiredToken(api.session!.user) };
  };
  const refreshes = () => requested.filter((path) => path === REFRESH_PATH).length;

  beforeEach(async () => {
    t = await startTestServer({
      kind: 'sqlite',
      mariadbBaseUrl: '',
      env: { JWT_SECRET },
      ai: createAiFeature,
    });
    storage = new Map();
    requested = [];
    signOuts = 0;
    lives = [];
  });
  afterEach(async () => {
    lives.forEach((live) => live.close());
    await t.close();
  });

  it('shares one refresh among requests made together after expiry, and stays signed in', async () => {
    const api = await signedIn();
    const firstRefreshToken = storage.get('parley.refreshToken');
    expire(api);

    const answers = await Promise.all([
      api.get<{ items: unknown[] }>('/sessions'),
      api.get<{ items: unknown[] }>('/widgets'),
      api.get<{ items: unknown[] }>('/notifications'),
      api.get<{ items: unknown[] }>('/context-rules'),
      api.get<{ user: TUser }>('/auth/me'),
    ]);

    expect(answers.at(-1)).toMatchObject({ user: { email: ADMIN.email } });
    expect(refreshes()).toBe(1);
    expect(signOuts).toBe(0);
    expect(storage.get('parley.refreshToken')).not.toBe(firstRefreshToken);
    // The rotated token still works: nothing revoked the family.
    expect(await api.refresh()).toBe(true);
    expect(signOuts).toBe(0);
  });

  it('refreshes for uploads and downloads too', async () => {
    const api = await signedIn();
    const widget = await seedWidget(t.db);
    const visitor = await connectWidget(t.url, { widgetKey: widget.widgetKey });
    const started = await askOk(visitor, 'session:start', {
      page: { url: 'https://shop.example.com/' },
    });
    visitor.close();

    expire(api);
    const uploaded = await api.upload<{ name: string }>(
      '/knowledge-bases/upload?name=FAQ&fileName=faq.md',
      '# FAQ\n\nWe ship within five days.\n',
      'text/markdown',
    );
    expect(uploaded.name).toBe('FAQ');
    expire(api);
    const csv = await api.download(`/sessions/${started.session.id}/export?format=csv`);
    expect(csv.split('\n')[0]).toContain('seq');
    expect(refreshes()).toBe(2);
    expect(signOuts).toBe(0);
  });

  it('signs out once, and only when the server refuses the refresh token', async () => {
    const api = await signedIn();
    // Signed out elsewhere: the family is revoked on the server.
    await fetch(`${t.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: storage.get('parley.refreshToken') }),
    });
    expire(api);

    const results = await Promise.allSettled([api.get('/sessions'), api.get('/widgets')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
    });
    expect(refreshes()).toBe(1);
    expect(signOuts).toBe(1);
    expect(api.session).toBeNull();
    expect(storage.has('parley.refreshToken')).toBe(false);
  });

  it('keeps the session while the refresh endpoint is unavailable, and recovers after', async () => {
    const proxy = await startProxy(t.url);
    try {
      const api = await signedIn(proxy.url);
      const refreshToken = storage.get('parley.refreshToken');
      expire(api);
      proxy.isDown = true;

      const failure = await api.get('/sessions').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ApiError);
      expect(failure).toMatchObject({ status: 503 });
      expect(signOuts).toBe(0);
      expect(storage.get('parley.refreshToken')).toBe(refreshToken);

      proxy.isDown = false;
      await expect(api.get('/sessions')).resolves.toMatchObject({ items: [] });
      expect(signOuts).toBe(0);
    } finally {
      proxy.server.close();
    }
  });

  it('does not refresh or sign out over a wrong password', async () => {
    const api = newClient();
    await api.post('/auth/setup', { ...ADMIN, setupToken: SETUP_TOKEN });
    requested = [];
    await expect(
      api.post('/auth/login', { email: ADMIN.email, password: 'not the password' }),
    ).rejects.toMatchObject({ status: 401 });
    expect(requested).toEqual(['/api/v1/auth/login']);
    expect(signOuts).toBe(0);
  });

  it('reconnects the live socket after the server drops it, refreshing an expired token', async () => {
    const api = await signedIn();
    const states: LiveState[] = [];
    const live = connectLive(api, { url: t.url });
    lives.push(live);
    live.onState((state) => states.push(state));
    const isLive = () =>
      new Promise<void>((resolve) => {
        if (live.state() === 'live') return resolve();
        const off = live.onState((state) => state === 'live' && (off(), resolve()));
      });
    await isLive();

    // The token lapsed while the laptop slept; the server closes the socket.
    expire(api);
    api.session = { ...api.session!, expiresAtMs: Date.now() - 1000 };
    t.server.io.of('/admin').disconnectSockets(true);
    await new Promise<void>((resolve) => live.onState((state) => state === 'live' && resolve()));

    expect(states).toEqual(['live', 'reconnecting', 'live']);
    expect(refreshes()).toBe(1);
    expect(signOuts).toBe(0);
  });
});
