import { beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { TAuthResponse, TMessage } from '@parley/protocol';
import { api, AGENT, createAgent, setupAdmin } from './support/admin-client.ts';
import { connectAdmin, next, type AdminTestSocket } from './support/admin-socket.ts';
import { seedWidget } from './support/seed-widget.ts';
import { serverPerTest } from './support/server-per-test.ts';
import { ask, askOk, connectWidget } from './support/widget-client.ts';

const page = { url: 'https://shop.example.com/', title: 'Shop' };

/** Resolves when the server closes the socket. */
const serverDisconnect = (socket: AdminTestSocket) =>
  new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

describe.each(DATABASE_KINDS)('staff changes take effect at once on %s', (kind) => {
  const env = serverPerTest(kind);
  let admin: TAuthResponse;
  let agent: TAuthResponse;
  beforeEach(async () => {
    admin = await setupAdmin(env.t.url);
    agent = await createAgent(env.t.url, admin.accessToken);
  });

  const staffSocket = async (token: string) => {
    const socket = await connectAdmin(env.t.url, token);
    env.track(socket);
    return socket;
  };
  const patchUser = (id: string, body: unknown) =>
    api(env.t.url, `PATCH /api/v1/users/${id}`, { token: admin.accessToken, body });
  const me = (token: string) => api(env.t.url, 'GET /api/v1/auth/me', { token });

  it('disconnects a disabled agent, who then hears no visitor message', async () => {
    const widget = await seedWidget(env.t.db);
    const agentSocket = await staffSocket(agent.accessToken);
    const adminSocket = await staffSocket(admin.accessToken);
    const heardByAgent: string[] = [];
    agentSocket.on('message:new', (message: TMessage) => {
      if (message.senderType === 'visitor') heardByAgent.push(message.content);
    });
    const visitor = await connectWidget(env.t.url, { widgetKey: widget.widgetKey });
    env.track(visitor);
    const { session } = await askOk(visitor, 'session:start', { page });
    const send = (clientId: string, content: string) =>
      ask(visitor, 'message:send', { sessionId: session.id, clientId, content });

    const first = next(agentSocket, 'message:new', (m) => m.content === 'before');
    await send('m1', 'before');
    await first;

    const dropped = serverDisconnect(agentSocket);
    expect((await patchUser(agent.user.id, { isActive: false })).status).toBe(200);
    expect(await dropped).toBe('io server disconnect');

    // The admin hears the next message; by then the agent would have heard it too.
    const seenByAdmin = next(adminSocket, 'message:new', (m) => m.content === 'after');
    await send('m2', 'after');
    await seenByAdmin;
    expect(heardByAgent).toEqual(['before']);
    await expect(connectAdmin(env.t.url, agent.accessToken)).rejects.toMatchObject({
      data: { code: 'UNAUTHORIZED' },
    });
    expect((await me(agent.accessToken)).status).toBe(401);
  });

  it('keeps the refresh tokens of a disabled user dead after the account is re-enabled', async () => {
    expect((await patchUser(agent.user.id, { isActive: false })).status).toBe(200);
    expect((await patchUser(agent.user.id, { isActive: true })).status).toBe(200);
    const refreshed = await api(env.t.url, 'POST /api/v1/auth/refresh', {
      body: { refreshToken: agent.refreshToken },
    });
    expect(refreshed.status).toBe(401);
    const login = await api<TAuthResponse>(env.t.url, 'POST /api/v1/auth/login', {
      body: { email: AGENT.email, password: AGENT.password },
    });
    expect(login.status).toBe(200);
  });

  it('ends the tokens and sockets of a user whose password an admin changed', async () => {
    const agentSocket = await staffSocket(agent.accessToken);
    const dropped = serverDisconnect(agentSocket);
    const newPassword = 'a brand new passphrase';
    expect((await patchUser(agent.user.id, { password: newPassword })).status).toBe(200);
    expect(await dropped).toBe('io server disconnect');
    expect((await me(agent.accessToken)).status).toBe(401);
    const refreshed = await api(env.t.url, 'POST /api/v1/auth/refresh', {
      body: { refreshToken: agent.refreshToken },
    });
    expect(refreshed.status).toBe(401);
    const login = await api<TAuthResponse>(env.t.url, 'POST /api/v1/auth/login', {
      body: { email: AGENT.email, password: newPassword },
    });
    expect(login.status).toBe(200);
    expect((await me(login.body.accessToken)).status).toBe(200);
  });

  it('ends the admin tokens and sockets of a demoted admin; a refresh brings back an agent', async () => {
    const promoted = await patchUser(agent.user.id, { role: 'admin' });
    expect(promoted.status).toBe(200);
    const second = await api<TAuthResponse>(env.t.url, 'POST /api/v1/auth/refresh', {
      body: { refreshToken: agent.refreshToken },
    });
    const secondSocket = await staffSocket(second.body.accessToken);
    const dropped = serverDisconnect(secondSocket);
    expect((await patchUser(agent.user.id, { role: 'agent' })).status).toBe(200);
    expect(await dropped).toBe('io server disconnect');
    const oldToken = second.body.accessToken;
    expect((await api(env.t.url, 'GET /api/v1/users', { token: oldToken })).status).toBe(401);
    const again = await api<TAuthResponse>(env.t.url, 'POST /api/v1/auth/refresh', {
      body: { refreshToken: second.body.refreshToken },
    });
    expect(again.body.user.role).toBe('agent');
    expect((await staffSocket(again.body.accessToken)).connected).toBe(true);
  });

  it('disconnects a deleted user', async () => {
    const agentSocket = await staffSocket(agent.accessToken);
    const dropped = serverDisconnect(agentSocket);
    const deleted = await api(env.t.url, `DELETE /api/v1/users/${agent.user.id}`, {
      token: admin.accessToken,
    });
    expect(deleted.status).toBe(204);
    expect(await dropped).toBe('io server disconnect');
    expect((await me(agent.accessToken)).status).toBe(401);
  });

  it('keeps a refresh dead when a sign-out-everywhere lands in the middle of its rotation', async () => {
    const { RefreshToken } = env.t.db.models;
    // Commits the revocation (what a password change does) after rotate has read the old token
    // and before it marks it used: the moment a concurrent request could hit.
    let revocations = 0;
    RefreshToken.addHook('beforeCreate', 'revoke-mid-rotation', async (_row, options) => {
      if (revocations > 0 || !options.transaction) return;
      revocations += 1;
      await RefreshToken.update(
        { revokedAt: new Date() },
        { where: { userId: agent.user.id, revokedAt: null } },
      );
    });
    const refreshed = await api<TAuthResponse>(env.t.url, 'POST /api/v1/auth/refresh', {
      body: { refreshToken: agent.refreshToken },
    });
    RefreshToken.removeHook('beforeCreate', 'revoke-mid-rotation');
    expect(revocations).toBe(1);
    expect(refreshed.status).toBe(401);
    expect(await RefreshToken.count({ where: { userId: agent.user.id, revokedAt: null } })).toBe(0);
  });

  it('keeps an active admin when four admins disable each other at the same instant', async () => {
    const admins = [admin];
    for (const n of [1, 2, 3]) {
      const email = `admin${n}@example.com`;
      const password = 'admin passphrase here';
      const created = await api(env.t.url, 'POST /api/v1/users', {
        token: admin.accessToken,
        body: { email, password, fullName: `Admin ${n}`, role: 'admin' },
      });
      expect(created.status).toBe(201);
      const login = await api<TAuthResponse>(env.t.url, 'POST /api/v1/auth/login', {
        body: { email, password },
      });
      admins.push(login.body);
    }
    const answers = await Promise.all(
      admins.map((actor, n) =>
        api(env.t.url, `PATCH /api/v1/users/${admins[(n + 1) % admins.length]!.user.id}`, {
          token: actor.accessToken,
          body: { isActive: false },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.every((status) => [200, 401, 409].includes(status))).toBe(true);
    expect(statuses).toContain(409);
    const active = await env.t.db.models.User.count({ where: { role: 'admin', isActive: true } });
    expect(active).toBeGreaterThanOrEqual(1);
  });
});

describe.each(DATABASE_KINDS)(
  'a staff socket whose disconnect broadcast was lost on %s',
  (kind) => {
    const env = serverPerTest(kind, { env: { STAFF_SOCKET_RECHECK_MS: '200' } });

    it('is closed by the periodic re-check though it sends nothing', async () => {
      const admin = await setupAdmin(env.t.url);
      const agent = await createAgent(env.t.url, admin.accessToken);
      const agentSocket = await connectAdmin(env.t.url, agent.accessToken);
      const adminSocket = await connectAdmin(env.t.url, admin.accessToken);
      env.track(agentSocket);
      env.track(adminSocket);
      const dropped = serverDisconnect(agentSocket);
      // Written straight to the table: no node is told, as when the broadcast is lost.
      await env.t.db.models.User.update({ isActive: false }, { where: { id: agent.user.id } });
      expect(await dropped).toBe('io server disconnect');
      expect(adminSocket.connected).toBe(true);
    });
  },
);
