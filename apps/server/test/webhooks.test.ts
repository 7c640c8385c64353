import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS } from '@parley/test-kit';
import {
  ZWebhookEventSchema,
  ZWebhookPayloadSchema,
  type TWebhookCreated,
  type TWebhookDelivery,
  type TWebhookPayload,
} from '@parley/protocol';
import { ADMIN, api, setupAdmin } from './support/admin-client.ts';
import { connectAdmin } from './support/admin-socket.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startServerOn, startTestServer, type TestServer } from './support/test-server.ts';
import { createLogger } from '../src/logging/create-logger.ts';
import {
  startWebhookReceiver,
  type ReceivedDelivery,
  type WebhookReceiver,
} from './support/webhook-receiver.ts';
import { ask, askOk, connectWidget, type TestSocket } from './support/widget-client.ts';

const page = { url: 'https://shop.example.com/pricing', title: 'Pricing' };
const ALL_EVENTS = ZWebhookEventSchema.options;
/** Loopback receivers need the flag; retries fast enough for a test. */
const WEBHOOK_ENV = { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_BASE_MS: '40' };

type Body = Record<string, unknown> & { error?: { code: string; details?: { field?: string } } };

const payloadOf = (delivery: ReceivedDelivery): TWebhookPayload =>
  ZWebhookPayloadSchema.parse(JSON.parse(delivery.body));

/** What a receiver does with the documented scheme, independently of the server's code. */
function verifies(secret: string, delivery: ReceivedDelivery): boolean {
  const header = String(delivery.headers['x-parley-signature']);
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const expected = createHmac('sha256', secret)
    .update(`${match[1]}.${delivery.body}`)
    .digest('hex');
  return expected === match[2] && Math.abs(Date.now() / 1000 - Number(match[1])) < 300;
}

describe.each(DATABASE_KINDS)('webhooks on %s', (kind) => {
  let t: TestServer;
  let token: string;
  let receiver: WebhookReceiver;
  let sockets: TestSocket[];
  let dropDatabase: (() => Promise<void>) | undefined;
  const call$ = (route: string, body?: unknown) => api<Body>(t.url, route, { token, body });

  const subscribe = async (events: readonly string[] = ALL_EVENTS) => {
    const created = await api<TWebhookCreated>(t.url, 'POST /api/v1/webhooks', {
      token,
      body: { url: receiver.url, events, description: 'CRM' },
    });
    expect(created.status).toBe(201);
    return created.body;
  };

  /** A visitor's conversation: created, three messages, a handoff request. */
  const converse = async (server: TestServer) => {
    const widget = await seedWidget(server.db);
    const visitor = await connectWidget(server.url, { widgetKey: widget.widgetKey });
    sockets.push(visitor);
    const { session } = await askOk(visitor, 'session:start', { page });
    for (const content of ['one', 'two', 'three'])
      await ask(visitor, 'message:send', { sessionId: session.id, clientId: content, content });
    await ask(visitor, 'handoff:request', { sessionId: session.id });
    return { session, visitor };
  };
  const CONVERSATION_EVENTS = [
    ['conversation.created', undefined],
    ['message.created', 'one'],
    ['message.created', 'two'],
    ['message.created', 'three'],
    ['handoff.requested', undefined],
  ];
  const summarize = (deliveries: ReceivedDelivery[]) =>
    deliveries.map((d) => {
      const payload = payloadOf(d);
      return [
        payload.event,
        payload.event === 'message.created' ? payload.data.message.content : undefined,
      ];
    });

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
    sockets = [];
  });
  afterEach(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
    await receiver.close();
    await dropDatabase?.();
    dropDatabase = undefined;
  });

  describe('with private targets allowed', () => {
    beforeEach(async () => {
      t = await startTestServer({
        kind,
        mariadbBaseUrl: inject('mariadbBaseUrl'),
        env: WEBHOOK_ENV,
      });
      token = (await setupAdmin(t.url)).accessToken;
    });

    /** What the server restarted below logged at warn and above. */
    const logLines: string[] = [];
    /** A server that switches a webhook off after `failures` failed deliveries in a row. */
    const restartSwitchingOffAfter = async (failures: number) => {
      await t.close();
      logLines.length = 0;
      t = await startTestServer({
        kind,
        mariadbBaseUrl: inject('mariadbBaseUrl'),
        env: { ...WEBHOOK_ENV, WEBHOOK_DISABLE_AFTER_FAILURES: String(failures) },
        logger: createLogger('warn', { write: (line: string) => void logLines.push(line) }),
      });
      token = (await setupAdmin(t.url)).accessToken;
    };

    it('shows the secret once and signs every delivery so the receiver can verify it', async () => {
      const webhook = await subscribe();
      expect(webhook.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
      expect(webhook).toMatchObject({ url: receiver.url, events: ALL_EVENTS, isActive: true });
      const list = await call$('GET /api/v1/webhooks');
      const read = await call$(`GET /api/v1/webhooks/${webhook.id}`);
      expect(JSON.stringify([list.body, read.body])).not.toContain(webhook.secret);
      expect(read.body).toMatchObject({ id: webhook.id, description: 'CRM' });

      const { session } = await converse(t);
      const accepted = await receiver.accepted(5);
      expect(summarize(accepted)).toEqual(CONVERSATION_EVENTS);
      for (const delivery of accepted) {
        const payload = payloadOf(delivery);
        expect(verifies(webhook.secret, delivery)).toBe(true);
        expect(verifies('whsec_wrong', delivery)).toBe(false);
        expect(delivery.headers['x-parley-event']).toBe(payload.event);
        expect(delivery.headers['x-parley-delivery']).toBe(payload.id);
        expect(delivery.headers['content-type']).toBe('application/json');
      }
      const first = payloadOf(accepted[0]!);
      expect(first.event === 'conversation.created' && first.data.conversation.id).toBe(session.id);
      expect(new Set(accepted.map((d) => payloadOf(d).id)).size).toBe(5);
    });

    it('reports assignment, feedback, identification and closing with their data', async () => {
      await subscribe(ALL_EVENTS.filter((e) => e !== 'message.created'));
      const { session, visitor } = await converse(t);
      const inbox = await connectAdmin(t.url, token);
      sockets.push(inbox);
      await ask(inbox, 'session:takeover', { sessionId: session.id });
      const reply = await askOk(inbox, 'message:send', {
        sessionId: session.id,
        clientId: 'a1',
        content: 'Hello, Ada here',
      });
      await ask(visitor, 'feedback', {
        messageId: reply.message.id,
        rating: 'down',
        comment: 'slow',
      });
      await ask(visitor, 'identify', { id: 'user-42', name: 'Grace', email: 'grace@example.com' });
      await ask(inbox, 'session:close', { sessionId: session.id });

      const payloads = (await receiver.accepted(6)).map(payloadOf);
      const byEvent = new Map(payloads.map((p) => [p.event, p] as const));
      expect(byEvent.get('conversation.assigned')).toMatchObject({
        data: {
          conversation: { id: session.id, status: 'agent' },
          assignee: { name: ADMIN.fullName },
        },
      });
      expect(byEvent.get('feedback.created')).toMatchObject({
        data: {
          feedback: {
            messageId: reply.message.id,
            conversationId: session.id,
            rating: 'down',
            comment: 'slow',
          },
        },
      });
      expect(byEvent.get('visitor.identified')).toMatchObject({
        data: {
          visitor: {
            externalId: null,
            isVerified: false,
            name: 'Grace',
            email: 'grace@example.com',
          },
        },
      });
      expect(byEvent.get('conversation.closed')).toMatchObject({
        data: { conversation: { id: session.id, status: 'closed' } },
      });
      // The conversation's own events arrive in the order they happened.
      expect(payloads.map((p) => p.event).filter((e) => e !== 'visitor.identified')).toEqual([
        'conversation.created',
        'handoff.requested',
        'conversation.assigned',
        'feedback.created',
        'conversation.closed',
      ]);
    });

    it('sends a test event on request and logs each delivery with its answer', async () => {
      const webhook = await subscribe(['feedback.created']);
      const test = await call$(`POST /api/v1/webhooks/${webhook.id}/test`);
      expect(test.status).toBe(202);
      const [delivery] = await receiver.accepted(1);
      expect(payloadOf(delivery!)).toMatchObject({ id: test.body.id, event: 'webhook.test' });
      expect(verifies(webhook.secret, delivery!)).toBe(true);
      const log = () =>
        api<{ items: TWebhookDelivery[] }>(t.url, `GET /api/v1/webhooks/${webhook.id}/deliveries`, {
          token,
        }).then((answer) => answer.body.items);
      await expect.poll(log).toEqual([
        expect.objectContaining({
          id: test.body.id,
          event: 'webhook.test',
          status: 'delivered',
          attempts: 1,
          responseStatus: 200,
          responseBody: 'ok',
        }),
      ]);
      // Unsubscribed events are not sent: a conversation produces nothing for this webhook.
      await converse(t);
      await t.server.webhooks.outbox.flush();
      expect(await t.db.models.WebhookDelivery.count()).toBe(1);
    });

    it('retries a failing receiver and, once it recovers, delivers every event exactly in order', async () => {
      const webhook = await subscribe();
      receiver.answerWith(500);
      await converse(t);
      await receiver.arrived(3); // the first event, tried three times
      receiver.answerWith(200);
      const accepted = await receiver.accepted(5);
      expect(summarize(accepted)).toEqual(CONVERSATION_EVENTS);
      const failed = receiver.received.filter((d) => d.status === 500);
      expect(failed.length).toBeGreaterThanOrEqual(3);
      // Retries repeat the same delivery (same id): nothing later was sent before it got through.
      const firstId = payloadOf(accepted[0]!).id;
      expect(new Set(failed.map((d) => payloadOf(d).id))).toEqual(new Set([firstId]));
      const log = await api<{ items: TWebhookDelivery[] }>(
        t.url,
        `GET /api/v1/webhooks/${webhook.id}/deliveries?limit=200`,
        { token },
      );
      const logged = log.body.items.find((d) => d.id === firstId);
      expect(logged).toMatchObject({ status: 'delivered', responseStatus: 200 });
      expect(logged!.attempts).toBe(failed.length + 1);
    });

    it('keeps chats answering while many deliveries to a dead receiver fail at once, and tells staff once', async () => {
      await restartSwitchingOffAfter(3);
      const webhook = await subscribe();
      receiver.answerWith(503);
      // Eight conversations: eight deliveries due at once, all failing in one round.
      const chatting = Promise.all(Array.from({ length: 8 }, () => converse(t)));
      // A visitor chatting meanwhile is answered as usual, not held behind the switch-off.
      const widget = await seedWidget(t.db);
      const visitor = await connectWidget(t.url, { widgetKey: widget.widgetKey });
      sockets.push(visitor);
      const { session } = await askOk(visitor, 'session:start', { page });
      const slowest = { ms: 0 };
      for (let i = 0; i < 10; i += 1) {
        const started = performance.now();
        await askOk(visitor, 'message:send', {
          sessionId: session.id,
          clientId: `m${i}`,
          content: `hi ${i}`,
        });
        slowest.ms = Math.max(slowest.ms, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await chatting;
      await expect
        .poll(async () => (await call$(`GET /api/v1/webhooks/${webhook.id}`)).body, {
          timeout: 20_000,
        })
        .toMatchObject({ isActive: false });
      const notices = await api<{ items: Body[] }>(t.url, 'GET /api/v1/notifications', { token });
      expect(notices.body.items.filter((n) => n.type === 'webhook.disabled')).toHaveLength(1);
      // Seconds, not the tens of seconds a pile of waiting SQLite write transactions took.
      expect(slowest.ms).toBeLessThan(3_000);
    });

    it('switches a webhook off after repeated failures, tells staff, and resumes when enabled', async () => {
      await restartSwitchingOffAfter(3);
      const webhook = await subscribe();
      receiver.answerWith(503);
      await call$(`POST /api/v1/webhooks/${webhook.id}/test`);
      await receiver.arrived(3);
      await expect
        .poll(async () => (await call$(`GET /api/v1/webhooks/${webhook.id}`)).body, {
          timeout: 10_000,
        })
        .toMatchObject({ isActive: false, consecutiveFailures: 3 });
      const notices = await api<{ items: Body[] }>(t.url, 'GET /api/v1/notifications', { token });
      expect(notices.body.items).toEqual([
        expect.objectContaining({ type: 'webhook.disabled', title: 'Webhook switched off' }),
      ]);
      // Agents read notices too: the host says which webhook; the path (a chat tool's secret)
      // is left out, of the log as well.
      const { host, pathname } = new URL(webhook.url);
      expect(notices.body.items[0]?.message).toContain(host);
      expect(notices.body.items[0]?.message).not.toContain(pathname);
      const logged = logLines.find((line) => line.includes('webhook switched off'));
      expect(logged).toContain(host);
      expect(logged).not.toContain(pathname);
      expect((await call$(`POST /api/v1/webhooks/${webhook.id}/test`)).status).toBe(409);

      receiver.answerWith(200);
      const enabled = await call$(`PATCH /api/v1/webhooks/${webhook.id}`, { isActive: true });
      expect(enabled.body).toMatchObject({
        isActive: true,
        consecutiveFailures: 0,
        disabledReason: null,
      });
      const [delivered] = await receiver.accepted(1);
      expect(payloadOf(delivered!).event).toBe('webhook.test');
    });

    it('validates input and deletes a webhook with its log', async () => {
      const bad = await call$('POST /api/v1/webhooks', {
        url: receiver.url,
        events: ['message.sent'],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error?.code).toBe('INVALID_PAYLOAD');
      const ftp = await call$('POST /api/v1/webhooks', {
        url: 'ftp://example.com/x',
        events: ['message.created'],
      });
      expect(ftp.status).toBe(400);
      const webhook = await subscribe();
      await call$(`POST /api/v1/webhooks/${webhook.id}/test`);
      await receiver.accepted(1);
      expect((await call$(`DELETE /api/v1/webhooks/${webhook.id}`)).status).toBe(204);
      expect((await call$(`GET /api/v1/webhooks/${webhook.id}`)).status).toBe(404);
      expect(await t.db.models.WebhookDelivery.count()).toBe(0);
    });
  });

  it('refuses private and loopback targets unless WEBHOOK_ALLOW_PRIVATE_NETWORKS is on', async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    token = (await setupAdmin(t.url)).accessToken;
    for (const url of [
      receiver.url,
      receiver.url.replace('127.0.0.1', 'localhost'),
      'http://10.0.0.7/hook',
      'http://[::1]/hook',
    ]) {
      const refused = await call$('POST /api/v1/webhooks', { url, events: ['message.created'] });
      expect(refused.status, url).toBe(403);
      expect(refused.body.error).toMatchObject({ code: 'FORBIDDEN', details: { field: 'url' } });
    }
    expect(await t.db.models.Webhook.count()).toBe(0);
    // A row that slipped in (written before the flag was switched off) is refused on connect too.
    const row = await t.db.models.Webhook.create({
      url: receiver.url,
      events: ['message.created'],
      secret: 'whsec_x',
    });
    await call$(`POST /api/v1/webhooks/${row.id}/test`);
    await expect
      .poll(async () => (await t.db.models.WebhookDelivery.findOne())?.attempts, {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    const delivery = await t.db.models.WebhookDelivery.findOne();
    expect(delivery).toMatchObject({ status: 'pending', responseStatus: null });
    expect(delivery?.error).toContain('not allowed');
    expect(receiver.received).toEqual([]);
  });

  describe('across a restart', () => {
    it('loses nothing that was waiting for a retry', async () => {
      const testDb = await createTestDatabase(kind, inject('mariadbBaseUrl'));
      dropDatabase = () => testDb.drop();
      const env = { ...WEBHOOK_ENV, WEBHOOK_RETRY_BASE_MS: '200' };
      t = await startServerOn(testDb.url, { env });
      token = (await setupAdmin(t.url)).accessToken;
      await subscribe();
      receiver.answerWith(500);
      await converse(t);
      await receiver.arrived(2);
      await t.close();
      const triedBefore = receiver.received.length;

      receiver.answerWith(200);
      t = await startServerOn(testDb.url, { env });
      const accepted = await receiver.accepted(5);
      expect(summarize(accepted)).toEqual(CONVERSATION_EVENTS);
      expect(receiver.received.slice(0, triedBefore).every((d) => d.status === 500)).toBe(true);
      // The sender records each answer just after the receiver gives it.
      await expect
        .poll(() => t.db.models.WebhookDelivery.count({ where: { status: 'pending' } }))
        .toBe(0);
    });
  });
});
