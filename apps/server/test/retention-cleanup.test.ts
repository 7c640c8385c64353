import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { Op, QueryTypes } from 'sequelize';
import { DATABASE_KINDS } from '@parley/test-kit';
import { sqlDateTime } from '@parley/db';
import type { TCleanupResult } from '@parley/protocol';
import { api, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { askOk, connectWidget, refusalOf, type TestSocket } from './support/widget-client.ts';

const DAY = 86_400_000;
const page = { url: 'https://shop.example.com/', title: 'Shop' };

/** Retention removes old conversations and what is left of them elsewhere, nothing newer. */
describe.each(DATABASE_KINDS)('POST /maintenance/cleanup on %s', (kind) => {
  let t: TestServer;
  let sockets: TestSocket[];
  beforeEach(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    sockets = [];
  });
  afterEach(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
  });

  /** Moves rows' time column 40 days into the past, as if written then. */
  const backdate = (table: string, column: string, ids: string[]) =>
    t.db.sequelize.query(`UPDATE ${table} SET ${column} = ? WHERE id IN (?)`, {
      replacements: [sqlDateTime(t.db.sequelize, new Date(Date.now() - 40 * DAY)), ids],
      type: QueryTypes.UPDATE,
    });

  /** A visitor who chatted once, as the widget does it. */
  const visitorChats = async (widgetKey: string, text: string) => {
    const socket = await connectWidget(t.url, { widgetKey });
    sockets.push(socket);
    const started = await askOk(socket, 'session:start', { page });
    await askOk(socket, 'message:send', {
      sessionId: started.session.id,
      clientId: `c-${text.length}-${Date.now()}`,
      content: text,
    });
    socket.close();
    return started;
  };

  const aiLog = (sessionId: string | null, text: string) =>
    t.db.models.AiInteractionLog.create({
      sessionId,
      query: text,
      response: `About ${text}`,
      modelUsed: 'builtin',
      decision: 'answered',
      tokensIn: 12,
      tokensOut: 30,
    });

  it('deletes old conversations, their visitors and leftovers; keeps recent, banned and pending', async () => {
    const admin = await setupAdmin(t.url);
    const { widgetKey } = await seedWidget(t.db);
    const { models } = t.db;

    const old = await visitorChats(widgetKey, 'my address is 1 Old Street');
    const recent = await visitorChats(widgetKey, 'where is my parcel?');
    const banned = await visitorChats(widgetKey, 'something rude');
    const oldLog = await aiLog(old.session.id, 'my address is 1 Old Street');
    const recentLog = await aiLog(recent.session.id, 'where is my parcel?');
    await models.UserBan.create({ visitorId: banned.visitor.id, reason: 'abuse' });
    await models.ChatSession.destroy({ where: { id: banned.session.id } });
    // A handshake that never started a conversation leaves a visitor row behind.
    const drifter = await connectWidget(t.url, { widgetKey });
    sockets.push(drifter);
    drifter.close();
    const drifterRow = await models.Visitor.findOne({
      where: { id: { [Op.notIn]: [old.visitor.id, recent.visitor.id, banned.visitor.id] } },
    });
    const sentMail = await models.EmailOutboxEntry.create({
      kind: 'transcript',
      toAddress: 'old@example.com',
      subject: 'Your conversation',
      textBody: 'my address is 1 Old Street',
      htmlBody: '<p>my address is 1 Old Street</p>',
      status: 'sent',
    });
    const waitingMail = await models.EmailOutboxEntry.create({
      kind: 'transcript',
      toAddress: 'later@example.com',
      subject: 'Your conversation',
      textBody: 'still to send',
      htmlBody: '<p>still to send</p>',
      // Far in the future, so the mailer of this test server leaves it alone.
      nextAttemptAt: new Date(Date.now() + 365 * DAY),
    });
    const hook = await models.Webhook.create({
      url: 'https://hooks.example.com/parley',
      events: ['message.created'],
      secret: 'not-used-here',
      isActive: false,
    });
    const delivered = await models.WebhookDelivery.create({
      webhookId: hook.id,
      event: 'message.created',
      position: 1,
      payload: '{"content":"my address is 1 Old Street"}',
      status: 'delivered',
    });

    await backdate('visitors', 'last_seen_at', [old.visitor.id, banned.visitor.id, drifterRow!.id]);
    await backdate('chat_sessions', 'last_message_at', [old.session.id]);
    await backdate('ai_interaction_logs', 'created_at', [oldLog.id, recentLog.id]);
    await backdate('email_outbox', 'created_at', [sentMail.id, waitingMail.id]);
    await backdate('webhook_deliveries', 'created_at', [delivered.id]);

    const cleanup = await api<TCleanupResult>(t.url, 'POST /api/v1/maintenance/cleanup', {
      token: admin.accessToken,
      body: { olderThanDays: 30 },
    });
    expect(cleanup.status).toBe(200);
    expect(cleanup.body).toEqual({
      deleted: 1,
      visitors: 2,
      aiLogsCleared: 1,
      mails: 1,
      webhookDeliveries: 1,
    });

    // The old conversation and its visitor are gone; the recent one and the banned visitor stay.
    expect(await models.ChatSession.findByPk(old.session.id)).toBeNull();
    expect(await models.ChatMessage.count({ where: { sessionId: old.session.id } })).toBe(0);
    expect(await models.Visitor.findByPk(old.visitor.id)).toBeNull();
    expect(await models.Visitor.findByPk(drifterRow!.id)).toBeNull();
    expect(await models.Visitor.findByPk(banned.visitor.id)).not.toBeNull();
    expect(await models.ChatSession.findByPk(recent.session.id)).not.toBeNull();
    // The AI's record of the deleted conversation keeps its numbers, not the visitor's words.
    const cleared = await models.AiInteractionLog.findByPk(oldLog.id);
    expect(cleared).toMatchObject({ query: '', response: '', tokensIn: 12, tokensOut: 30 });
    expect((await models.AiInteractionLog.findByPk(recentLog.id))?.query).toBe(
      'where is my parcel?',
    );
    expect(await models.EmailOutboxEntry.findByPk(sentMail.id)).toBeNull();
    expect(await models.EmailOutboxEntry.findByPk(waitingMail.id)).not.toBeNull();
    expect(await models.WebhookDelivery.findByPk(delivered.id)).toBeNull();

    // The deleted visitor's widget is told its token names nobody (it then starts afresh).
    expect(await refusalOf(t.url, { widgetKey, visitorToken: old.visitor.token })).toMatchObject({
      code: 'UNAUTHORIZED',
    });

    const again = await api<TCleanupResult>(t.url, 'POST /api/v1/maintenance/cleanup', {
      token: admin.accessToken,
      body: { olderThanDays: 30 },
    });
    expect(again.body).toEqual({
      deleted: 0,
      visitors: 0,
      aiLogsCleared: 0,
      mails: 0,
      webhookDeliveries: 0,
    });
  });

  it('removes more rows than one batch holds', async () => {
    const admin = await setupAdmin(t.url);
    const { id: widgetId } = await seedWidget(t.db);
    const at = new Date(Date.now() - 40 * DAY);
    const visitors = Array.from({ length: 1_203 }, (_, index) => ({
      id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      widgetId,
      firstSeenAt: at,
      lastSeenAt: at,
    }));
    await t.db.models.Visitor.bulkCreate(visitors);
    const cleanup = await api<TCleanupResult>(t.url, 'POST /api/v1/maintenance/cleanup', {
      token: admin.accessToken,
      body: { olderThanDays: 30 },
    });
    expect(cleanup.body.visitors).toBe(1_203);
    expect(await t.db.models.Visitor.count({ where: { widgetId } })).toBe(0);
  });
});
