import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { TAnalyticsReport, TErrorBody } from '@parley/protocol';
import { api, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const MINUTE = 60_000;

// Issue #11: service figures an admin reads — first response, resolution, handoffs,
// satisfaction from thumbs, per widget and per agent, questions grouped over wording.
describe.each(DATABASE_KINDS)('the analytics report on %s', (kind) => {
  let t: TestServer;
  let token: string;
  let shopId: string;
  let docsId: string;
  let agentId: string;
  const report = (query = '') =>
    api<TAnalyticsReport>(t.url, `GET /api/v1/analytics/report${query}`, { token });

  /** A conversation with messages `at` minutes/seconds after its start, and thumbs on answers. */
  const conversation = async (options: {
    widgetId: string;
    startedMinutesAgo: number;
    status: 'open' | 'handoff' | 'agent' | 'closed';
    assignedUserId?: string;
    messages: Array<{ sender: 'visitor' | 'ai' | 'agent'; afterS: number; rating?: 'up' | 'down' }>;
  }) => {
    const { Visitor, ChatSession, ChatMessage, MessageFeedback } = t.db.models;
    const start = Date.now() - options.startedMinutesAgo * MINUTE;
    const visitor = await Visitor.create({ widgetId: options.widgetId });
    const session = await ChatSession.create({
      widgetId: options.widgetId,
      visitorId: visitor.id,
      status: options.status,
      assignedUserId: options.assignedUserId ?? null,
      lastSeq: options.messages.length,
      createdAt: new Date(start),
    });
    for (const [index, message] of options.messages.entries()) {
      const stored = await ChatMessage.create({
        sessionId: session.id,
        seq: index + 1,
        senderType: message.sender,
        senderId: message.sender === 'agent' ? agentId : null,
        content: `${message.sender} ${index}`,
        createdAt: new Date(start + message.afterS * 1000),
      });
      if (message.rating)
        await MessageFeedback.create({
          messageId: stored.id,
          visitorId: visitor.id,
          rating: message.rating,
        });
    }
    return session;
  };

  beforeAll(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    token = (await setupAdmin(t.url)).accessToken;
    shopId = (await seedWidget(t.db, { name: 'Shop' })).id;
    docsId = (await seedWidget(t.db, { name: 'Docs' })).id;
    agentId = (
      await t.db.models.User.create({
        email: 'ann@example.com',
        fullName: 'Agent Ann',
        role: 'agent',
      })
    ).id;
    // First responses 4 s, 2 s and 6 s; Ann answers the first after 30 s and closes it.
    await conversation({
      widgetId: shopId,
      startedMinutesAgo: 60,
      status: 'closed',
      assignedUserId: agentId,
      messages: [
        { sender: 'visitor', afterS: 0 },
        { sender: 'ai', afterS: 4, rating: 'up' },
        { sender: 'agent', afterS: 30 },
        { sender: 'visitor', afterS: 40 },
      ],
    });
    await conversation({
      widgetId: shopId,
      startedMinutesAgo: 30,
      status: 'open',
      messages: [
        { sender: 'visitor', afterS: 0 },
        { sender: 'ai', afterS: 2, rating: 'up' },
      ],
    });
    await conversation({
      widgetId: docsId,
      startedMinutesAgo: 10,
      status: 'handoff',
      messages: [
        { sender: 'visitor', afterS: 0 },
        { sender: 'ai', afterS: 6, rating: 'down' },
      ],
    });
    for (const query of [
      'Do you ship to Canada?',
      'do you ship to canada',
      'Do you ship to Canada?',
      'DO YOU SHIP TO CANADA ?!',
      'Refunds?',
    ])
      await t.db.models.AiInteractionLog.create({
        query,
        response: 'a',
        modelUsed: 'knowledge',
        decision: 'answered',
      });
  });
  afterAll(() => t?.close());

  it('measures first response, resolution, handoffs and satisfaction', async () => {
    const { status, body } = await report();
    expect(status).toBe(200);
    expect(body.sessions).toBe(3);
    expect(body.firstResponseMsMedian).toBe(4000);
    // Closed just now, started an hour ago.
    expect(body.resolutionMsMedian).toBeGreaterThanOrEqual(60 * MINUTE);
    expect(body.resolutionMsMedian).toBeLessThan(62 * MINUTE);
    expect(body.handoffRate).toBeCloseTo(2 / 3);
    expect(body.satisfaction).toBeCloseTo(2 / 3);
    expect(body.feedbackCount).toBe(3);
    expect(body.isSampled).toBe(false);
  });

  it('breaks the figures down per widget and per agent', async () => {
    const { body } = await report();
    expect(body.widgets).toEqual([
      {
        widgetId: shopId,
        name: 'Shop',
        sessions: 2,
        messages: 6,
        handoffRate: 0.5,
        satisfaction: 1,
        estimatedCost: 0,
      },
      {
        widgetId: docsId,
        name: 'Docs',
        sessions: 1,
        messages: 2,
        handoffRate: 1,
        satisfaction: 0,
        estimatedCost: 0,
      },
    ]);
    expect(body.agents).toEqual([
      {
        userId: agentId,
        fullName: 'Agent Ann',
        sessions: 1,
        messages: 1,
        firstResponseMsMedian: 30_000,
      },
    ]);
    const docsOnly = await report(`?widget=${docsId}`);
    expect(docsOnly.body.sessions).toBe(1);
    expect(docsOnly.body.agents).toEqual([]);
    expect(docsOnly.body.widgets.map((row) => row.name)).toEqual(['Docs']);
  });

  it('groups top questions over case and punctuation, in their usual wording', async () => {
    const { body } = await report();
    expect(body.topQuestions).toEqual([
      { question: 'Do you ship to Canada?', count: 4 },
      { question: 'Refunds?', count: 1 },
    ]);
  });

  it('refuses a malformed range and a caller who is not signed in', async () => {
    const bad = await api<TErrorBody>(t.url, 'GET /api/v1/analytics/report?from=yesterday', {
      token,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'INVALID_PAYLOAD', details: { field: 'from' } });
    const anonymous = await api<TErrorBody>(t.url, 'GET /api/v1/analytics/report');
    expect(anonymous.status).toBe(401);
  });
});
