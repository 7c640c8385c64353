import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { TModerationQueueItem } from '@parley/protocol';
import type { ConversationResponder } from '../src/features/conversations/conversation-responder.ts';
import { api, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { ask, askOk, connectWidget, type TestSocket } from './support/widget-client.ts';

const silent: ConversationResponder = { respond: () => Promise.resolve() };

describe.each(DATABASE_KINDS)('the moderation queue entries on %s', (kind) => {
  let t: TestServer;
  let sockets: TestSocket[];
  beforeEach(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      responder: silent,
    });
    sockets = [];
  });
  afterEach(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
  });

  it('shows the message in its context, the rule by name and what was done, until decided', async () => {
    const { accessToken: token } = await setupAdmin(t.url);
    const rule = await api<{ id: string }>(t.url, 'POST /api/v1/moderation-rules', {
      token,
      body: { name: 'Chargeback threats', pattern: 'chargeback', action: 'flag' },
    });
    const widget = await seedWidget(t.db);
    const visitor = await connectWidget(t.url, { widgetKey: widget.widgetKey });
    sockets.push(visitor);
    const { session } = await askOk(visitor, 'session:start', {
      page: { url: 'https://shop.example.com/', title: 'Shop' },
    });
    for (const content of ['My parcel never came', 'I will file a chargeback', 'Hello??'])
      await ask(visitor, 'message:send', { sessionId: session.id, clientId: content, content });

    const queue = await api<{ items: TModerationQueueItem[] }>(
      t.url,
      'GET /api/v1/flagged-content',
      { token },
    );
    expect(queue.body.items).toHaveLength(1);
    const [item] = queue.body.items;
    expect(item).toMatchObject({
      sessionId: session.id,
      status: 'pending',
      moderationRuleId: rule.body.id,
      ruleName: 'Chargeback threats',
      reason: 'Matched moderation rule “Chargeback threats”',
      ruleAction: 'flag',
      actionTaken: 'Delivered and flagged; waiting for review',
    });
    expect(item!.context.map((m) => [m.content, m.isFlagged])).toEqual([
      ['My parcel never came', false],
      ['I will file a chargeback', true],
      ['Hello??', false],
    ]);

    const review = await api(t.url, `POST /api/v1/flagged-content/${item!.id}/review`, {
      token,
      body: { decision: 'reject' },
    });
    expect(review.status).toBe(200);
    const pending = await api<{ items: TModerationQueueItem[] }>(
      t.url,
      'GET /api/v1/flagged-content',
      { token },
    );
    expect(pending.body.items).toEqual([]);
    const rejected = await api<{ items: TModerationQueueItem[] }>(
      t.url,
      'GET /api/v1/flagged-content?status=rejected',
      { token },
    );
    expect(rejected.body.items[0]).toMatchObject({
      actionTaken: 'Rejected: the message is hidden',
    });
    // Moderators still read what was hidden; the visitor's copy is blanked.
    expect(rejected.body.items[0]!.context[1]).toMatchObject({
      content: 'I will file a chargeback',
      status: 'moderated',
    });
  });
});
