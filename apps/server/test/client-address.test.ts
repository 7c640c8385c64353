import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TAuthResponse, TConnectErrorData } from '@parley/protocol';
import { DATABASE_KINDS } from '@parley/test-kit';
import { api, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { ALLOWED_ORIGIN } from './support/widget-client.ts';

const BANNED_IP = '203.0.113.9';
const REQUESTS_PER_IP = 3;

/** Opens a `/widget` socket sending `forwardedFor`; resolves with the refusal code or 'connected'. */
function handshake(url: string, widgetKey: string, forwardedFor?: string): Promise<string> {
  const socket = io(`${url}/widget`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { widgetKey },
    extraHeaders: {
      origin: ALLOWED_ORIGIN,
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.once('connect_error', (error: Error & { data?: TConnectErrorData }) => {
      socket.close();
      resolve(error.data?.code ?? error.message);
    });
  });
}

async function configStatus(t: TestServer, widgetKey: string, forwardedFor: string) {
  const response = await fetch(`${t.url}/api/v1/widgets/${widgetKey}/config`, {
    headers: { origin: ALLOWED_ORIGIN, 'x-forwarded-for': forwardedFor },
  });
  return response.status;
}

describe.each(DATABASE_KINDS)('client address behind TRUST_PROXY=1 on %s', (kind) => {
  let t: TestServer;
  let widgetKey: string;

  beforeAll(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: {
        TRUST_PROXY: '1',
        RATE_LIMIT_WINDOW_MS: '60000',
        RATE_LIMIT_REQUESTS_PER_IP: String(REQUESTS_PER_IP),
      },
    });
    widgetKey = (await seedWidget(t.db)).widgetKey;
    await t.db.models.UserBan.create({ ipAddress: BANNED_IP, reason: 'abuse' });
  });
  afterAll(async () => t?.close());

  it('bans a socket by the address the proxy saw, not by what the client wrote', async () => {
    // The proxy appends the address it saw: the right-most entry is the one to trust.
    expect(await handshake(t.url, widgetKey, `198.51.100.20, ${BANNED_IP}`)).toBe('BANNED');
    // A banned visitor writing someone else's address in front gains nothing either way.
    expect(await handshake(t.url, widgetKey, `${BANNED_IP}, 198.51.100.21`)).toBe('connected');
  });

  it('counts REST requests per real address however the client varies the left-most hop', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= REQUESTS_PER_IP; i += 1)
      statuses.push(await configStatus(t, widgetKey, `10.9.9.${i}, 198.51.100.30`));
    expect(statuses.slice(0, REQUESTS_PER_IP)).toEqual(Array(REQUESTS_PER_IP).fill(200));
    expect(statuses[REQUESTS_PER_IP]).toBe(429);
    // Another real address still gets through: the limit is per address, not global.
    expect(await configStatus(t, widgetKey, '10.9.9.1, 198.51.100.31')).toBe(200);
  });
});

describe.each(DATABASE_KINDS)('client address without a proxy (default) on %s', (kind) => {
  let t: TestServer;
  let widgetKey: string;

  beforeAll(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    widgetKey = (await seedWidget(t.db)).widgetKey;
    await t.db.models.UserBan.create({ ipAddress: BANNED_IP, reason: 'abuse' });
  });
  afterAll(async () => t?.close());

  it('ignores X-Forwarded-For entirely: a client cannot claim a banned or another address', async () => {
    expect(await handshake(t.url, widgetKey, BANNED_IP)).toBe('connected');
    expect(await handshake(t.url, widgetKey, `1.2.3.4, ${BANNED_IP}`)).toBe('connected');
    await t.db.models.UserBan.create({ ipAddress: '127.0.0.1', reason: 'abuse' });
    expect(await handshake(t.url, widgetKey, '198.51.100.40')).toBe('BANNED');
  });
});

describe.each(DATABASE_KINDS)('IPv6 clients behind TRUST_PROXY=loopback on %s', (kind) => {
  const LIMIT = 3;
  let t: TestServer;
  let widgetKey: string;
  let admin: TAuthResponse;

  beforeAll(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: {
        TRUST_PROXY: 'loopback',
        RATE_LIMIT_WINDOW_MS: '60000',
        RATE_LIMIT_REQUESTS_PER_IP: String(LIMIT),
        RATE_LIMIT_CONNECTIONS_PER_IP: String(LIMIT),
        LOGIN_FAILURES_PER_IP: String(LIMIT),
        LOGIN_FAILURES_PER_ACCOUNT: '1000',
      },
    });
    widgetKey = (await seedWidget(t.db)).widgetKey;
    admin = await setupAdmin(t.url);
  });
  afterAll(async () => t?.close());

  it('bans a whole /64 when an admin bans one IPv6 address of it, and only that /64', async () => {
    const ban = await api(t.url, 'POST /api/v1/bans', {
      token: admin.accessToken,
      body: { ipAddress: '2001:db8:a:1::1', reason: 'abuse' },
    });
    expect(ban.status).toBe(201);
    expect(await handshake(t.url, widgetKey, '2001:db8:a:1:ffff::42')).toBe('BANNED');
    expect(await handshake(t.url, widgetKey, '2001:db8:a:2::1')).toBe('connected');
  });

  it('bans an IPv4 client however it writes its address', async () => {
    await t.db.models.UserBan.create({ ipAddress: '203.0.113.77', reason: 'abuse' });
    expect(await handshake(t.url, widgetKey, '::ffff:203.0.113.77')).toBe('BANNED');
  });

  it('counts REST requests and connections per /64, however the client varies the rest', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= LIMIT + 1; i += 1)
      statuses.push(await configStatus(t, widgetKey, `2001:db8:b:1::${i}`));
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(200), 429]);
    expect(await configStatus(t, widgetKey, '2001:db8:b:2::1')).toBe(200);

    const handshakes: string[] = [];
    for (let i = 1; i <= LIMIT + 1; i += 1)
      handshakes.push(await handshake(t.url, widgetKey, `2001:db8:c:1::${i}`));
    expect(handshakes).toEqual([...Array<string>(LIMIT).fill('connected'), 'RATE_LIMITED']);
  });

  it('counts failed sign-ins per /64', async () => {
    const login = (forwardedFor: string, n: number) =>
      fetch(`${t.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ email: `nobody${n}@example.com`, password: 'wrong password' }),
      }).then((response) => response.status);
    const statuses: number[] = [];
    for (let i = 1; i <= LIMIT + 1; i += 1) statuses.push(await login(`2001:db8:d:1::${i}`, i));
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(401), 429]);
  });
});
