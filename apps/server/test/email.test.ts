import { afterEach, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { TEmailOutboxEntry } from '@parley/protocol';
import { api, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { ask, askOk, connectWidget, type TestSocket } from './support/widget-client.ts';

const page = { url: 'https://shop.example.com/help', title: 'Help' };

describe.each(DATABASE_KINDS)('email on %s', (kind) => {
  let t: TestServer;
  let token: string;
  let smtp: SmtpReceiver | undefined;
  let sockets: TestSocket[] = [];

  const start = async (env: Record<string, string> = {}) => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl'), env });
    token = (await setupAdmin(t.url)).accessToken;
  };
  /** A conversation with two visitor messages and one agent reply. */
  const conversation = async () => {
    const widget = await seedWidget(t.db);
    const visitor = await connectWidget(t.url, { widgetKey: widget.widgetKey });
    sockets.push(visitor);
    const { session } = await askOk(visitor, 'session:start', { page });
    await ask(visitor, 'message:send', {
      sessionId: session.id,
      clientId: 'a',
      content: 'Where is my order <42>?',
    });
    await api(t.url, `POST /api/v1/sessions/${session.id}/messages`, {
      token,
      body: { content: 'It ships tomorrow.' },
    });
    return session;
  };
  const outbox = async () =>
    (await api<{ items: TEmailOutboxEntry[] }>(t.url, 'GET /api/v1/emails', { token })).body.items;

  afterEach(async () => {
    sockets.forEach((socket) => socket.close());
    sockets = [];
    await t.close();
    await smtp?.close();
    smtp = undefined;
  });

  it('emails a transcript through a real SMTP server, retrying while it refuses', async () => {
    smtp = await startSmtpReceiver();
    await start({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Shop <help@shop.example.com>',
      EMAIL_RETRY_BASE_MS: '50',
    });
    const session = await conversation();
    smtp.refuse(true);
    const queued = await api<TEmailOutboxEntry>(
      t.url,
      `POST /api/v1/sessions/${session.id}/transcript`,
      {
        token,
        body: { to: 'visitor@example.com' },
      },
    );
    expect(queued.status).toBe(202);
    await expect.poll(() => smtp!.refusals, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    smtp.refuse(false);
    const [mail] = await smtp.received(1);
    expect(mail!.subject).toMatch(/^Your conversation: Where is my order/);
    expect(mail!.from?.text).toContain('help@shop.example.com');
    expect(mail!.text).toContain('Where is my order <42>?');
    expect(mail!.text).toContain('It ships tomorrow.');
    expect(mail!.html).toContain('Where is my order &#60;42&#62;?');
    await expect
      .poll(async () => (await outbox())[0])
      .toMatchObject({
        id: queued.body.id,
        status: 'sent',
        to: 'visitor@example.com',
        notice: null,
        lastError: null,
      });
    expect((await outbox())[0]!.attempts).toBeGreaterThanOrEqual(3);
    expect(smtp.mails).toHaveLength(1);
  });

  it('keeps mail in the outbox, marked "not sent: configure SMTP", when no SMTP server is set', async () => {
    await start();
    const session = await conversation();
    const noAddress = await api<{ error: { details: { field: string } } }>(
      t.url,
      `POST /api/v1/sessions/${session.id}/transcript`,
      { token, body: {} },
    );
    expect(noAddress.status).toBe(400);
    expect(noAddress.body.error.details.field).toBe('to');
    const bad = await api(t.url, `POST /api/v1/sessions/${session.id}/transcript`, {
      token,
      body: { to: 'nope' },
    });
    expect(bad.status).toBe(400);
    await t.db.models.Visitor.update(
      { email: 'known@example.com' },
      { where: { id: session.visitorId } },
    );
    const queued = await api(t.url, `POST /api/v1/sessions/${session.id}/transcript`, {
      token,
      body: {},
    });
    expect(queued.status).toBe(202);
    expect(await outbox()).toEqual([
      expect.objectContaining({
        status: 'pending',
        to: 'known@example.com',
        notice: 'not sent: configure SMTP',
        attempts: 0,
      }),
    ]);
  });
});
