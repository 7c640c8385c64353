import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS, waitUntil } from '@parley/test-kit';
import type { TFlagNotice } from '@parley/protocol';
import { api, setupAdmin } from './support/admin-client.ts';
import { connectAdmin, next } from './support/admin-socket.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { ask, askOk, connectWidget, type TestSocket } from './support/widget-client.ts';

describe.each(DATABASE_KINDS)('the flagged-content queue on %s', (kind) => {
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

  it('pushes a new flag to staff, and a reject with ban bans the visitor', async () => {
    const { accessToken: token } = await setupAdmin(t.url);
    const rule = await api(t.url, 'POST /api/v1/moderation-rules', {
      token,
      body: { name: 'refunds', pattern: 'chargeback', action: 'flag' },
    });
    expect(rule.status).toBe(201);

    const inbox = await connectAdmin(t.url, token);
    sockets.push(inbox);
    const flagNew = next(inbox, 'flag:new');

    const widget = await seedWidget(t.db);
    const visitor = await connectWidget(t.url, { widgetKey: widget.widgetKey });
    sockets.push(visitor);
    const { session } = await askOk(visitor, 'session:start', {
      page: { url: 'https://shop.example.com/', title: 'Shop' },
    });
    await ask(visitor, 'message:send', {
      sessionId: session.id,
      clientId: 'c1',
      content: 'I will file a chargeback',
    });
    const flag = await flagNew;
    expect(flag.sessionId).toBe(session.id);

    const queue = await api<{ items: TFlagNotice[] }>(t.url, 'GET /api/v1/flagged-content', {
      token,
    });
    expect(queue.body.items.map((item) => item.id)).toEqual([flag.id]);
    const badId = await api(t.url, 'POST /api/v1/flagged-content/nope/review', {
      token,
      body: { decision: 'approve' },
    });
    expect(badId.status).toBe(400);

    const review = await api(t.url, `POST /api/v1/flagged-content/${flag.id}/review`, {
      token,
      body: { decision: 'reject', ban: true, banReason: 'abuse' },
    });
    expect(review.status).toBe(200);
    expect(await t.db.models.UserBan.count({ where: { visitorId: session.visitorId } })).toBe(1);
    const pending = await api<{ items: TFlagNotice[] }>(t.url, 'GET /api/v1/flagged-content', {
      token,
    });
    expect(pending.body.items).toEqual([]);
    const staffNotes = await t.db.models.Notification.count({ where: { type: 'flag' } });
    expect(staffNotes).toBe(1);
    // Reviewed, the flag's notice is no longer waiting in anyone's notifications.
    await waitUntil(
      () => t.db.models.Notification.count({ where: { type: 'flag', read: false } }),
      (unread) => unread === 0,
    );
  });
});
