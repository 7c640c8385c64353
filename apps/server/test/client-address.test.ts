import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TConnectErrorData } from '@parley/protocol';
import { DATABASE_KINDS } from '@parley/test-kit';
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
