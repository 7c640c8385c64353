import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';

import { loadSecrets } from '../src/app/secrets.ts';
import { createAccessTokens } from '../src/features/auth/access-tokens.ts';
import { connectAdmin, next } from './support/admin-socket.ts';
import { createAgent, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { serverPerTest } from './support/server-per-test.ts';
import { ask, askAnyPayload, askOk, connectWidget } from './support/widget-client.ts';

const JWT_SECRET = 'renew-test-secret-0123456789abcdef0123456789abcdef';

/** An access token of `userId` that expires in `seconds`, signed as the server signs them. */
function shortLivedToken(userId: string, seconds: number): string {
  const secrets = loadSecrets({ jwtSecret: JWT_SECRET, dataDir: '' });
  return createAccessTokens([secrets.adminJwtSecret], { ttlSeconds: seconds }).sign({
    userId,
    role: 'admin',
    tokenVersion: 0,
  });
}

describe.each(DATABASE_KINDS)('the /admin socket outlives its first token on %s', (kind) => {
  const env = serverPerTest(kind, { env: { JWT_SECRET } });
  const open = async (token: string) => {
    const socket = await connectAdmin(env.t.url, token);
    env.track(socket);
    return socket;
  };

  it('drops a socket when its token expires, unless renewed with a fresh one', async () => {
    const admin = await setupAdmin(env.t.url);
    const lapsing = await open(shortLivedToken(admin.user.id, 2));
    const renewed = await open(shortLivedToken(admin.user.id, 2));
    const dropped = new Promise<string>((resolve) => lapsing.once('disconnect', resolve));

    const renewal = await askOk(renewed, 'auth:renew', {
      token: admin.accessToken,
    });
    expect(renewal.ok).toBe(true);
    expect(Date.parse(renewal.expiresAt)).toBeGreaterThan(Date.now() + 60_000);

    expect(await dropped).toBe('io server disconnect');
    // Past the first token's expiry, the renewed socket still hears the inbox.
    const widget = await seedWidget(env.t.db);
    const heard = next(renewed, 'session:new');
    const visitor = await connectWidget(env.t.url, { widgetKey: widget.widgetKey });
    env.track(visitor);
    await ask(visitor, 'session:start', { page: { url: 'https://shop.example.com/' } });
    expect((await heard).widgetId).toBe(widget.id);
    expect(renewed.connected).toBe(true);
  });

  it("refuses a renewal with an invalid token or another user's", async () => {
    const admin = await setupAdmin(env.t.url);
    const agent = await createAgent(env.t.url, admin.accessToken);
    const socket = await open(admin.accessToken);
    expect(await ask(socket, 'auth:renew', { token: 'nonsense' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    expect(await ask(socket, 'auth:renew', { token: agent.accessToken })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await askAnyPayload(socket, 'auth:renew', {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    expect(socket.connected).toBe(true);
  });
});
