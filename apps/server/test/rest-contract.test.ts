import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DATABASE_KINDS,
  startOpenAiCompatibleServer,
  type OpenAiCompatibleServer,
} from '@parley/test-kit';
import { NOT_JSON, restContract, type TRestRoute } from '@parley/protocol';
import { sessionRoom } from '../src/app/rooms.ts';
import { createAiFeature } from '../src/features/ai/ai-feature.ts';
import { signWebhookBody } from '../src/features/webhooks/webhook-signature.ts';
import { ADMIN, AGENT, SETUP_TOKEN } from './support/admin-client.ts';
import { contractClient } from './support/contract-client.ts';
import { listRoutes } from './support/route-list.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';
import { ALLOWED_ORIGIN, ask, askOk, connectWidget } from './support/widget-client.ts';

const INBOUND_SECRET = 'inbound-secret-0123456789abcdef0123456789';
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const page = { url: `${ALLOWED_ORIGIN}/help`, title: 'Help' };

/**
 * Every REST route, called on its success path as the dashboard, the widget, a visitor's mail
 * or an integration calls it, answers exactly its protocol schema (no field more, none
 * missing); and every route the server serves has a schema in the contract.
 */
describe.each(DATABASE_KINDS)('the REST contract on %s', (kind) => {
  let t: TestServer;
  let provider: OpenAiCompatibleServer;
  let smtp: SmtpReceiver;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    provider = await startOpenAiCompatibleServer();
    provider.setFallback({ type: 'echo' });
    smtp = await startSmtpReceiver();
    receiver = await startWebhookReceiver();
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: {
        AI_BASE_URL: provider.baseUrl,
        AI_API_KEY: 'sk-test',
        AI_MODEL: 'fake-1',
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Shop <help@shop.example.com>',
        EMAIL_REPLY_TO: 'reply@chat.example.com',
        EMAIL_INBOUND_SECRET: INBOUND_SECRET,
        EMAIL_REPLY_DELAY_MS: '0',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        // The loopback provider is stored as a provider key too.
        AI_ALLOW_PRIVATE_NETWORKS: 'true',
        // Served on the main port (so listed by its router) only with a token.
        METRICS_TOKEN,
      },
      ai: (parts) => createAiFeature(parts),
    });
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([provider.close(), smtp.close(), receiver.close()]);
  });

  it('lists every served route in the contract, and nothing that is not served', () => {
    // CORS preflights answer headers only; they belong to the route they guard.
    const served = new Set(
      listRoutes(t.server.app)
        .filter((route) => route.method !== 'OPTIONS')
        .map((route) => `${route.method} ${route.path}`),
    );
    expect([...served].filter((route) => !(route in restContract))).toEqual([]);
    expect(Object.keys(restContract).filter((route) => !served.has(route))).toEqual([]);
  });

  it('answers every route with its protocol shape', async () => {
    const rest = contractClient(t.url);
    const { call: send } = rest;

    // Health and sign-in ------------------------------------------------------------------------
    await send('GET /healthz');
    await send('GET /readyz');
    await send('GET /metrics', { token: METRICS_TOKEN });
    expect(await send('GET /api/v1/auth/setup')).toEqual({ needsSetup: true });
    const setup = await send('POST /api/v1/auth/setup', {
      body: { ...ADMIN, setupToken: SETUP_TOKEN },
      status: 201,
    });
    const token = setup.accessToken;
    const login = await send('POST /api/v1/auth/login', {
      body: { email: ADMIN.email, password: ADMIN.password },
    });
    const refreshed = await send('POST /api/v1/auth/refresh', {
      body: { refreshToken: login.refreshToken },
    });
    await send('POST /api/v1/auth/logout', { body: { refreshToken: refreshed.refreshToken } });
    expect((await send('GET /api/v1/auth/me', { token })).user.email).toBe(ADMIN.email);
    const as = { token };

    // Admin resources ---------------------------------------------------------------------------
    const providerKey = await send('POST /api/v1/provider-keys', {
      ...as,
      body: { service: 'openai', baseUrl: provider.baseUrl, keyValue: 'sk-contract-0123456789' },
      status: 201,
    });
    expect(providerKey.keyHint).toMatch(/6789$/);
    const template = await send('POST /api/v1/prompt-templates', {
      ...as,
      body: { name: 'Shop voice', template: 'Be brief. {{knowledge}}\nQ: {{question}}' },
      status: 201,
    });
    const base = await send('POST /api/v1/knowledge-bases', {
      ...as,
      body: { name: 'FAQ', sourceType: 'text', content: 'We ship to Canada within five days.' },
      status: 201,
    });
    const rule = await send('POST /api/v1/context-rules', {
      ...as,
      body: { name: 'Shop', knowledgeBaseIds: [base.id], promptTemplateId: template.id },
      status: 201,
    });
    const widget = await send('POST /api/v1/widgets', {
      ...as,
      body: {
        name: 'Shop',
        allowedOrigins: [ALLOWED_ORIGIN],
        contextRuleId: rule.id,
        identityVerification: true,
      },
      status: 201,
    });
    expect(widget.identitySecret).toMatch(/^[0-9a-f]{64}$/);
    const flagRule = await send('POST /api/v1/moderation-rules', {
      ...as,
      body: { name: 'Chargebacks', pattern: 'chargeback', action: 'flag' },
      status: 201,
    });
    const ban = await send('POST /api/v1/bans', {
      ...as,
      body: { ipAddress: '203.0.113.7', reason: 'Abuse' },
      status: 201,
    });
    const agent = await send('POST /api/v1/users', {
      ...as,
      body: { ...AGENT, role: 'agent' },
      status: 201,
    });
    const canned = await send('POST /api/v1/canned-replies', {
      ...as,
      body: { shortcut: 'ship', title: 'Shipping', content: 'Five days to Canada.' },
      status: 201,
    });
    const resources = [
      ['/api/v1/provider-keys', providerKey.id, { name: 'Main' }],
      ['/api/v1/prompt-templates', template.id, { description: 'House voice' }],
      ['/api/v1/knowledge-bases', base.id, { description: 'Shipping' }],
      ['/api/v1/context-rules', rule.id, { description: 'The shop' }],
      ['/api/v1/widgets', widget.id, { title: 'Help' }],
      ['/api/v1/moderation-rules', flagRule.id, { description: 'Threats' }],
      ['/api/v1/bans', ban.id, { reason: 'Spam' }],
      ['/api/v1/users', agent.id, { fullName: 'Sam Agent-Smith' }],
      ['/api/v1/canned-replies', canned.id, { title: 'Shipping times' }],
    ] as const;
    for (const [path, id, change] of resources) {
      const list = await send(`GET ${path}`, as);
      expect(list.items.map((item) => item.id)).toContain(id);
      expect((await send(`GET ${path}/:id`, { ...as, params: { id } })).id).toBe(id);
      await send(`PATCH ${path}/:id`, { ...as, params: { id }, body: change });
    }
    const params = { id: widget.id };
    expect(
      (await send('POST /api/v1/widgets/:id/preview-ticket', { ...as, params })).ticket,
    ).toBeTruthy();
    await send('POST /api/v1/knowledge-bases/upload', {
      ...as,
      query: '?name=Returns&fileName=returns.md',
      text: { body: '# Returns\n\nWithin 30 days.', contentType: 'text/markdown' },
      status: 201,
    });
    await send('POST /api/v1/context-rules/:id/test', {
      ...as,
      params: { id: rule.id },
      body: { question: 'When do you ship?' },
    });
    await send('GET /api/v1/model-prices', as);
    const model = { model: 'fake-1' };
    const price = { inputPerMillion: 1, outputPerMillion: 2 };
    await send('PUT /api/v1/model-prices/:model', { ...as, params: model, body: price });
    await send('DELETE /api/v1/model-prices/:model', { ...as, params: model });

    // A conversation, as the widget has it ------------------------------------------------------
    const shop = await seedWidget(t.db);
    await send('GET /api/v1/widgets/:key/config', {
      params: { key: shop.widgetKey },
      headers: { origin: ALLOWED_ORIGIN },
    });
    const visitor = await connectWidget(t.url, { widgetKey: shop.widgetKey });
    const started = await askOk(visitor, 'session:start', { page });
    const sessionId = started.session.id;
    const sent = await ask(visitor, 'message:send', {
      sessionId,
      clientId: randomUUID(),
      content: 'I will file a chargeback',
    });
    expect(sent.ok).toBe(true);
    await send('GET /api/v1/sessions/:id/messages', {
      params: { id: sessionId },
      token: started.visitor.token,
      headers: { origin: ALLOWED_ORIGIN },
    });

    // The inbox ---------------------------------------------------------------------------------
    const session = { ...as, params: { id: sessionId } };
    expect((await send('GET /api/v1/sessions', as)).items.map((s) => s.id)).toContain(sessionId);
    await send('GET /api/v1/sessions/:id', session);
    await send('GET /api/v1/sessions/:id/messages', session);
    await send('GET /api/v1/sessions/:id/export', { ...session, query: '?format=txt' });
    await send('POST /api/v1/sessions/:id/takeover', session);
    await send('POST /api/v1/sessions/:id/release', session);
    await send('POST /api/v1/sessions/:id/read', { ...session, body: {} });
    await send('GET /api/v1/sessions/:id/notes', session);
    await send('GET /api/v1/sessions/:id/visitor', session);
    await send('GET /api/v1/unread', as);
    await send('GET /api/v1/agents', as);
    await send('POST /api/v1/sessions/:id/transcript', {
      ...session,
      body: { to: 'ana@example.com' },
      status: 202,
    });
    let flags = await send('GET /api/v1/flagged-content', as);
    await expect
      .poll(async () => (flags = await send('GET /api/v1/flagged-content', as)).items.length)
      .toBe(1);
    await send('POST /api/v1/flagged-content/:id/review', {
      ...as,
      params: { id: flags.items[0]!.id },
      body: { decision: 'approve' },
    });
    const notifications = await send('GET /api/v1/notifications', as);
    expect(notifications.items.length).toBeGreaterThan(0);
    await send('POST /api/v1/notifications/:id/read', {
      ...as,
      params: { id: notifications.items[0]!.id },
      body: {},
    });
    await send('POST /api/v1/notifications/read', { ...as, body: {} });
    await send('GET /api/v1/analytics/overview', as);
    await send('GET /api/v1/analytics/timeseries', as);
    await send('GET /api/v1/analytics/report', as);
    await send('GET /api/v1/ai/cache', as);
    await send('DELETE /api/v1/ai/cache', as);
    await send('GET /api/v1/ai/logs', as);

    // Visitors' mail: confirm an address, be mailed a reply, answer it, unsubscribe -------------
    expect(await ask(visitor, 'visitor:contact', { email: 'ana@example.com' })).toMatchObject({
      ok: true,
    });
    const confirmLink = /\/api\/v1\/email\/confirm(\?token=[0-9a-f]+)/;
    let confirmQuery: string | undefined;
    await expect
      .poll(
        () =>
          (confirmQuery = smtp.mails.map((m) => confirmLink.exec(m.text ?? '')?.[1]).find(Boolean)),
      )
      .toBeDefined();
    await send('GET /api/v1/email/confirm', { query: confirmQuery });
    await send('POST /api/v1/email/confirm', { query: confirmQuery });
    visitor.close();
    await expect
      .poll(
        async () =>
          (await t.server.io.of('/widget').in(sessionRoom(sessionId)).fetchSockets()).length,
      )
      .toBe(0);
    await send('POST /api/v1/sessions/:id/messages', {
      ...session,
      body: { content: 'Could you tell me more?' },
      status: 201,
    });
    const isReplyMail = (mail: (typeof smtp.mails)[number]) => mail.text?.includes('tell me more');
    await expect.poll(() => smtp.mails.some(isReplyMail)).toBe(true);
    const replyMail = smtp.mails.find(isReplyMail);
    const replyTo = replyMail?.replyTo?.value[0]?.address ?? '';
    const inbound = JSON.stringify({
      to: replyTo,
      from: 'ana@example.com',
      senderVerified: true,
      text: 'It never arrived.',
    });
    await send('POST /api/v1/email/inbound', {
      raw: inbound,
      headers: { 'x-parley-signature': signWebhookBody(INBOUND_SECRET, inbound, new Date()) },
      status: 201,
    });
    const unsubscribeQuery = /\/api\/v1\/email\/unsubscribe(\?token=[0-9a-f]+)/.exec(
      replyMail?.text ?? JSON.stringify(replyMail?.headers.get('list')),
    )?.[1];
    expect(unsubscribeQuery).toBeDefined();
    await send('GET /api/v1/email/unsubscribe', { query: unsubscribeQuery });
    await send('POST /api/v1/email/unsubscribe', { query: unsubscribeQuery });
    await send('GET /api/v1/emails', as);

    // Integrations ------------------------------------------------------------------------------
    const key = await send('POST /api/v1/api-keys', {
      ...as,
      body: { name: 'CRM', scopes: ['conversations:read'] },
      status: 201,
    });
    await send('GET /api/v1/api-keys', as);
    await send('DELETE /api/v1/api-keys/:id', { ...as, params: { id: key.id } });
    const hook = await send('POST /api/v1/webhooks', {
      ...as,
      body: { url: receiver.url, events: ['message.created'] },
      status: 201,
    });
    const hookParams = { ...as, params: { id: hook.id } };
    await send('GET /api/v1/webhooks', as);
    await send('GET /api/v1/webhooks/:id', hookParams);
    await send('PATCH /api/v1/webhooks/:id', { ...hookParams, body: { description: 'CRM' } });
    await send('POST /api/v1/webhooks/:id/test', { ...hookParams, body: {}, status: 202 });
    await send('GET /api/v1/webhooks/:id/deliveries', hookParams);
    await send('DELETE /api/v1/webhooks/:id', hookParams);

    // Removals ----------------------------------------------------------------------------------
    await send('DELETE /api/v1/sessions/:id', session);
    await send('POST /api/v1/maintenance/cleanup', { ...as, body: { olderThanDays: 30 } });
    for (const [path, id] of [...resources].reverse())
      await send(`DELETE ${path}/:id`, { ...as, params: { id } });

    // Every route with a JSON answer or none was called above (files and pages may be skipped).
    const uncalled = (Object.keys(restContract) as TRestRoute[]).filter(
      (route) => restContract[route] !== NOT_JSON && !rest.called.has(route),
    );
    expect(uncalled).toEqual([]);
  });
});
