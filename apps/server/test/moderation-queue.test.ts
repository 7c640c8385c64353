import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { TModerationQueueItem } from '@parley/protocol';
import type { ConversationResponder } from '../src/features/conversations/conversation-responder.ts';
import { api, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { serverPerTest } from './support/server-per-test.ts';
import { ask, askOk, connectWidget } from './support/widget-client.ts';

const silent: ConversationResponder = { respond: () => Promise.resolve() };

describe.each(DATABASE_KINDS)('the moderation queue entries on %s', (kind) => {
  const env = serverPerTest(kind, { responder: silent });

  it('shows the message in its context, the rule by name and what was done, until decided', async () => {
    const { accessToken: token } = await setupAdmin(env.t.url);
    const rule = await api<{ id: string }>(env.t.url, 'POST /api/v1/moderation-rules', {
      token,
      body: { name: 'Chargeback threats', pattern: 'chargeback', action: 'flag' },
    });
    const widget = await seedWidget(env.t.db);
    const visitor = await connectWidget(env.t.url, { widgetKey: widget.widgetKey });
    env.track(visitor);
    const { session } = await askOk(visitor, 'session:start', {
      page: { url: 'https://shop.example.com/', title: 'Shop' },
    });
    for (const content of ['My parcel never came', 'I will file a chargeback', 'Hello??'])
      await ask(visitor, 'message:send', { sessionId: session.id, clientId: content, content });

    const queue = await api<{ items: TModerationQueueItem[] }>(
      env.t.url,
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

    const review = await api(env.t.url, `POST /api/v1/flagged-content/${item!.id}/review`, {
      token,
      body: { decision: 'reject' },
    });
    expect(review.status).toBe(200);
    const pending = await api<{ items: TModerationQueueItem[] }>(
      env.t.url,
      'GET /api/v1/flagged-content',
      { token },
    );
    expect(pending.body.items).toEqual([]);
    const rejected = await api<{ items: TModerationQueueItem[] }>(
      env.t.url,
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
