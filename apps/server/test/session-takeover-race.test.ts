import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TAuthResponse, TMessage } from '@parley/protocol';
import { DATABASE_KINDS, waitUntil } from '@parley/test-kit';
import type { ConversationResponder } from '../src/features/conversations/conversation-responder.ts';
import { api, setupAdmin } from './support/admin-client.ts';
import { connectAdmin, type AdminTestSocket } from './support/admin-socket.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { ask, connectWidget, type WidgetTestSocket } from './support/widget-client.ts';

const silent: ConversationResponder = { respond: () => Promise.resolve() };
const page = { url: 'https://shop.example.com/', title: 'Shop' };

describe.each(DATABASE_KINDS)('session status changes on %s', (kind) => {
  let t: TestServer;
  let widgetKey: string;
  const agents: Array<{ socket: AdminTestSocket; fullName: string; id: string }> = [];
  const visitors: WidgetTestSocket[] = [];

  const signIn = async (adminToken: string, fullName: string) => {
    const email = `${randomUUID()}@example.com`;
    const password = 'a long enough passphrase';
    const created = await api<{ id: string }>(t.url, 'POST /api/v1/users', {
      token: adminToken,
      body: { email, password, fullName, role: 'agent' },
    });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    const login = await api<TAuthResponse>(t.url, 'POST /api/v1/auth/login', {
      body: { email, password },
    });
    return {
      socket: await connectAdmin(t.url, login.body.accessToken),
      fullName,
      id: created.body.id,
    };
  };

  beforeAll(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      responder: silent,
    });
    widgetKey = (await seedWidget(t.db)).widgetKey;
    const admin = await setupAdmin(t.url);
    agents.push(await signIn(admin.accessToken, 'Robin Agent'));
    agents.push(await signIn(admin.accessToken, 'Kim Agent'));
  });
  afterAll(async () => {
    for (const socket of [...visitors, ...agents.map((agent) => agent.socket)]) socket.close();
    await t?.close();
  });

  const visitorSession = async () => {
    const socket = await connectWidget(t.url, { widgetKey });
    visitors.push(socket);
    const notices: TMessage[] = [];
    socket.on('message:new', (message) => notices.push(message));
    const started = await ask(socket, 'session:start', { page });
    if (!started.ok) throw new Error(started.error.message);
    return { socket, notices, sessionId: started.session.id };
  };

  it('of two agents taking the same conversation at once, exactly one gets it', async () => {
    for (let round = 0; round < 3; round += 1) {
      const { notices, sessionId } = await visitorSession();
      const [first, second] = await Promise.all(
        agents.map((agent) => ask(agent.socket, 'session:takeover', { sessionId })),
      );
      const acks = [first!, second!];
      const winners = acks.flatMap((ack, i) => (ack.ok ? [agents[i]!] : []));
      expect(winners).toHaveLength(1);
      expect(acks.find((ack) => !ack.ok)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      const stored = await t.db.models.ChatSession.findByPk(sessionId);
      expect(stored).toMatchObject({ status: 'agent', assignedUserId: winners[0]!.id });
      // The visitor is told once who joined: the winner.
      const joined = await waitUntil(
        () => notices.filter((m) => m.senderType === 'system'),
        (list) => list.length >= 1,
      );
      expect(joined.map((m) => m.content)).toEqual([
        `${winners[0]!.fullName} joined the conversation`,
      ]);
    }
  });

  it('refuses a change a status cannot make, and changes nothing', async () => {
    const { socket, sessionId } = await visitorSession();
    const [robin] = agents;
    // Handing an open conversation back to the assistant: it is already with the assistant.
    expect(await ask(robin!.socket, 'session:release', { sessionId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await ask(robin!.socket, 'session:close', { sessionId })).toMatchObject({ ok: true });
    for (const event of ['session:takeover', 'session:release', 'session:close'] as const)
      expect(await ask(robin!.socket, event, { sessionId })).toMatchObject({
        ok: false,
        error: { code: 'SESSION_CLOSED' },
      });
    expect(await ask(socket, 'handoff:request', { sessionId })).toMatchObject({
      ok: false,
      error: { code: 'SESSION_CLOSED' },
    });
    expect(await t.db.models.ChatSession.findByPk(sessionId)).toMatchObject({ status: 'closed' });
  });
});
