import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { TAuthResponse } from '@parley/protocol';
import { api, ADMIN, SETUP_TOKEN, setupAdmin } from './support/admin-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe.each(DATABASE_KINDS)('staff accounts on %s', (kind) => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: { LOGIN_FAILURES_PER_ACCOUNT: '3', LOGIN_FAILURES_PER_IP: '1000' },
    });
  });
  afterEach(async () => t.close());

  const login = (email: string, password: string) =>
    api<TAuthResponse>(t.url, 'POST /api/v1/auth/login', { body: { email, password } });

  it('creates the first admin once, then refuses setup with FORBIDDEN', async () => {
    expect((await api(t.url, 'GET /api/v1/auth/setup')).body).toEqual({ needsSetup: true });
    const first = await setupAdmin(t.url);
    expect(first.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
    expect(first.user).not.toHaveProperty('passwordHash');
    expect((await api(t.url, 'GET /api/v1/auth/setup')).body).toEqual({ needsSetup: false });

    const second = await api(t.url, 'POST /api/v1/auth/setup', {
      body: { email: 'intruder@example.com', password: 'a long enough password', fullName: 'X' },
    });
    expect(second.status).toBe(403);
    expect(second.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(await t.db.models.User.count()).toBe(1);
  });

  it('signs in, answers /auth/me and writes the audit trail', async () => {
    await setupAdmin(t.url);
    const wrong = await login(ADMIN.email, 'not the password');
    expect(wrong.status).toBe(401);
    const ok = await login(ADMIN.email.toUpperCase(), ADMIN.password);
    expect(ok.status).toBe(200);
    const me = await api(t.url, 'GET /api/v1/auth/me', { token: ok.body.accessToken });
    expect(me.body).toMatchObject({ user: { email: ADMIN.email, role: 'admin' } });
    const actions = (await t.db.models.UserActivity.findAll({ order: [['createdAt', 'ASC']] })).map(
      (row) => row.action,
    );
    expect(actions).toEqual(['auth.setup', 'auth.login_failed', 'auth.login']);
  });

  it('tells apart passwords that differ only after bcrypt’s 72 bytes', async () => {
    const prefix = 'x'.repeat(80);
    await api(t.url, 'POST /api/v1/auth/setup', {
      body: {
        email: ADMIN.email,
        password: `${prefix}-one`,
        fullName: 'A',
        setupToken: SETUP_TOKEN,
      },
    });
    expect((await login(ADMIN.email, `${prefix}-two`)).status).toBe(401);
    expect((await login(ADMIN.email, `${prefix}-one`)).status).toBe(200);
  });

  it('rotates refresh tokens and revokes the family when a used one comes back', async () => {
    const first = await setupAdmin(t.url);
    const refresh = (token: string) =>
      api<TAuthResponse>(t.url, 'POST /api/v1/auth/refresh', { body: { refreshToken: token } });
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);

    const replay = await refresh(first.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    // The thief's replay also kills the legitimate successor.
    expect((await refresh(second.body.refreshToken)).status).toBe(401);

    const stored = await t.db.models.RefreshToken.findAll();
    expect(stored.map((row) => row.tokenHash)).not.toContain(first.refreshToken);
    expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.tokenHash))).toBe(true);
  });

  it('logout revokes the refresh token', async () => {
    const session = await setupAdmin(t.url);
    const out = await api(t.url, 'POST /api/v1/auth/logout', {
      body: { refreshToken: session.refreshToken },
    });
    expect(out.status).toBe(204);
    const after = await api(t.url, 'POST /api/v1/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(after.status).toBe(401);
  });

  it('throttles an account after repeated failures, even for the right password', async () => {
    await setupAdmin(t.url);
    for (let i = 0; i < 3; i += 1)
      expect((await login(ADMIN.email, `guess ${i}`)).status).toBe(401);
    const blocked = await login(ADMIN.email, ADMIN.password);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });
});

describe('login throttling per IP address', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({
      kind: 'sqlite',
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: { LOGIN_FAILURES_PER_ACCOUNT: '100', LOGIN_FAILURES_PER_IP: '4' },
    });
  });
  afterEach(async () => t.close());

  it('stops one address spraying many accounts', async () => {
    await setupAdmin(t.url);
    for (let i = 0; i < 4; i += 1) {
      const answer = await api(t.url, 'POST /api/v1/auth/login', {
        body: { email: `nobody${i}@example.com`, password: 'whatever it is' },
      });
      expect(answer.status).toBe(401);
    }
    const blocked = await api(t.url, 'POST /api/v1/auth/login', {
      body: { email: ADMIN.email, password: ADMIN.password },
    });
    expect(blocked.status).toBe(429);
  });
});
