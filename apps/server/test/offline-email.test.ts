import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';

import { sessionRoom } from '../src/app/rooms.ts';
import { signWebhookBody } from '../src/features/webhooks/webhook-signature.ts';
import { connectAdmin, next } from './support/admin-socket.ts';
import { api, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import {
  ask,
  askOk,
  connectWidget,
  type TestSocket,
  type WidgetTestSocket,
} from './support/widget-client.ts';

const INBOUND_SECRET = 'inbound-secret-0123456789abcdef0123456789';
const page = { url: 'https://shop.example.com/help', title: 'Help' };

describe.each(DATABASE_KINDS)('offline visitors and email on %s', (kind) => {
  let t: TestServer;
  let smtp: SmtpReceiver;
  let token: string;
  let sockets: TestSocket[];

  beforeEach(async () => {
    smtp = await startSmtpReceiver();
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Shop <help@shop.example.com>',
        EMAIL_REPLY_TO: 'reply@chat.example.com',
        EMAIL_INBOUND_SECRET: INBOUND_SECRET,
        EMAIL_RETRY_BASE_MS: '50',
        // Replies sent within this of each other share one mail.
        EMAIL_REPLY_DELAY_MS: '1000',
      },
    });
    token = (await setupAdmin(t.url)).accessToken;
    sockets = [];
  });
  afterEach(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
    await smtp.close();
  });

  /** A visitor who asked for a person, with nobody online, in a French widget. */
  const waitingVisitor = async () => {
    const widget = await seedWidget(t.db);
    await widget.update({ locale: 'fr', title: 'Boutique' });
    const visitor = await connectWidget(t.url, { widgetKey: widget.widgetKey });
    sockets.push(visitor);
    const started = await askOk(visitor, 'session:start', { page });
    const { session } = started;
    await ask(visitor, 'message:send', {
      sessionId: session.id,
      clientId: 'q',
      content: 'Is the blue one in stock?',
    });
    await ask(visitor, 'handoff:request', { sessionId: session.id });
    return { widget, visitor, session, visitorToken: started.visitor.token };
  };
  /** Closes the visitor's tab and waits until the server saw it go. */
  const leave = async (visitor: WidgetTestSocket, sessionId: string) => {
    visitor.close();
    await expect
      .poll(
        async () =>
          (await t.server.io.of('/widget').in(sessionRoom(sessionId)).fetchSockets()).length,
      )
      .toBe(0);
  };
  /** Leaves an address in the chat and opens the confirmation link mailed to it. */
  const confirmContact = async (visitor: WidgetTestSocket, email: string, name?: string) => {
    const before = smtp.mails.length;
    expect(await ask(visitor, 'visitor:contact', { email, name })).toEqual({
      ok: true,
      contact: { email: email.toLowerCase(), isConfirmed: false },
    });
    const mails = await smtp.received(before + 1);
    const link = /https?:\/\/\S+\/api\/v1\/email\/confirm\?token=[0-9a-f]+/.exec(
      mails[before]!.text ?? '',
    )?.[0];
    expect(link).toBeDefined();
    // Opening the link only asks (a mail scanner opening it confirms nothing); the button does.
    expect((await fetch(link!)).status).toBe(200);
    expect((await fetch(link!, { method: 'POST' })).status).toBe(200);
    return mails.length;
  };
  const postInbound = (body: object, signature?: string) => {
    const raw = JSON.stringify(body);
    return fetch(`${t.url}/api/v1/email/inbound`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-parley-signature': signature ?? signWebhookBody(INBOUND_SECRET, raw, new Date()),
      },
      body: raw,
    });
  };

  it('mails an agent’s reply to a visitor who left, and brings their emailed answer back into the conversation', async () => {
    const { widget, visitor, session, visitorToken } = await waitingVisitor();
    expect(await ask(visitor, 'visitor:contact', { email: 'not an email' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD', details: { field: 'email' } },
    });
    const mailed = await confirmContact(visitor, 'Ana@Example.com', 'Ana');
    await leave(visitor, session.id);

    for (const content of ['Yes, we have <3> left.', 'Shall I keep one for you?']) {
      const reply = await api(t.url, `POST /api/v1/sessions/${session.id}/messages`, {
        token,
        body: { content },
      });
      expect(reply.status).toBe(201);
    }
    const mail = (await smtp.received(mailed + 1))[mailed];
    expect(mail!.to).toMatchObject({ text: 'ana@example.com' });
    expect(mail!.subject).toBe('Nouvelle réponse : Boutique');
    // Two replies in a row, one mail.
    expect(mail!.text).toContain('> Yes, we have <3> left.');
    expect(mail!.text).toContain('> Shall I keep one for you?');
    expect(JSON.stringify(mail!.headers.get('list'))).toContain('/api/v1/email/unsubscribe?token=');
    expect(mail!.headerLines).toContainEqual({
      key: 'list-unsubscribe-post',
      line: 'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    });
    expect(mail!.text).toContain('Is the blue one in stock?');
    expect(mail!.html).toContain('Yes, we have &#60;3&#62; left.');
    const replyTo = mail!.replyTo?.value[0]?.address ?? '';
    expect(replyTo).toMatch(/^reply\+[0-9a-f]{49}@chat\.example\.com$/);

    const inbox = await connectAdmin(t.url, token);
    sockets.push(inbox);
    const seenByAgent = next(inbox, 'message:new', (m) => m.content === 'Great, I’ll take it.');
    const answer = {
      to: replyTo,
      from: 'Ana <ana@example.com>',
      senderVerified: true,
      text: 'Great, I’ll take it.\n\nLe lun. 30 nov. 2026, Boutique a écrit :\n> Yes, we have <3> left.',
      messageId: '<m1@mail.example.com>',
    };
    const posted = await postInbound(answer);
    expect(posted.status).toBe(201);
    expect((await seenByAgent).senderType).toBe('visitor');
    // The relay posts the same mail again: it is added once.
    expect((await postInbound(answer)).status).toBe(201);

    const back = await connectWidget(t.url, { widgetKey: widget.widgetKey, visitorToken });
    sockets.push(back);
    const resumed = await askOk(back, 'session:start', { sessionId: session.id, page });
    const contents = resumed.messages.map((m) => m.content);
    expect(contents.filter((c) => c === 'Great, I’ll take it.')).toHaveLength(1);
    expect(contents).toContain('Yes, we have <3> left.');
  });

  it('refuses inbound mail that is unsigned, forged, from someone else or for no conversation', async () => {
    const { visitor, session } = await waitingVisitor();
    const mailed = await confirmContact(visitor, 'ana@example.com');
    await leave(visitor, session.id);
    await api(t.url, `POST /api/v1/sessions/${session.id}/messages`, {
      token,
      body: { content: 'Any news?' },
    });
    const mail = (await smtp.received(mailed + 1))[mailed];
    const to = mail!.replyTo?.value[0]?.address ?? '';
    const good = { to, from: 'ana@example.com', senderVerified: true, text: 'Hi' };
    expect((await postInbound(good, 't=1,v1=' + '0'.repeat(64))).status).toBe(401);
    expect((await postInbound({ ...good, from: 'mallory@example.com' })).status).toBe(403);
    // A forged From header: the relay could not verify it.
    expect((await postInbound({ ...good, senderVerified: false })).status).toBe(403);
    const forged = to.replace(/\+[0-9a-f]{8}/, '+00000000');
    expect((await postInbound({ ...good, to: forged })).status).toBe(404);
    expect((await postInbound({ ...good, text: '> only quotes' })).status).toBe(400);
    const stored = await t.db.models.ChatMessage.count({
      where: { sessionId: session.id, senderType: 'visitor' },
    });
    expect(stored).toBe(1);
  });

  it('mails a transcript to a confirmed address only, within limits, and unsubscribes by link', async () => {
    const { visitor, session } = await waitingVisitor();
    expect(await ask(visitor, 'transcript:request', { sessionId: session.id })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD', details: { field: 'email' } },
    });
    // Before it is confirmed, an address gets nothing but the confirmation.
    await ask(visitor, 'visitor:contact', { email: 'ana@example.com' });
    expect(await ask(visitor, 'transcript:request', { sessionId: session.id })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD', message: 'Confirm your email first: check your inbox' },
    });
    await smtp.received(1); // that address's confirmation
    const mailed = await confirmContact(visitor, 'a.n.a+shop@example.com');
    expect(await ask(visitor, 'transcript:request', { sessionId: session.id })).toEqual({
      ok: true,
    });
    // Three mails an hour per visitor: two confirmations and a transcript are spent.
    expect(await ask(visitor, 'transcript:request', { sessionId: session.id })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED' },
    });
    const mails = await smtp.received(mailed + 1);
    const transcript = mails[mailed]!;
    expect(transcript.subject).toBe('Votre conversation avec Boutique');
    expect(transcript.text).toContain('Is the blue one in stock?');
    const link = /https?:\/\/\S+\/api\/v1\/email\/unsubscribe\?token=[0-9a-f]+/.exec(
      transcript.text ?? '',
    )?.[0];
    expect(link).toBeDefined();
    const forged = link!.replace(/token=[0-9a-f]{8}/, 'token=00000000');
    expect((await fetch(forged, { method: 'POST' })).status).toBe(404);
    const asked = await fetch(link!);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('<button type="submit">Unsubscribe</button>');
    expect((await fetch(link!, { method: 'POST' })).status).toBe(200);
    const row = await t.db.models.Visitor.findByPk(session.visitorId);
    expect(row?.emailOptedOutAt).not.toBeNull();
  });

  it('needs a new confirmation to mail a visitor who unsubscribed, even at the same address', async () => {
    const { visitor, session } = await waitingVisitor();
    await confirmContact(visitor, 'ana@example.com');
    expect(await ask(visitor, 'visitor:contact', { email: 'ana@example.com' })).toEqual({
      ok: true,
      contact: { email: 'ana@example.com', isConfirmed: true },
    });
    await t.db.models.Visitor.update(
      { emailOptedOutAt: new Date() },
      { where: { id: session.visitorId } },
    );
    // confirmContact checks the address is unconfirmed again, then confirms it.
    await confirmContact(visitor, 'ana@example.com');
    expect(await ask(visitor, 'visitor:contact', { email: 'ana@example.com' })).toEqual({
      ok: true,
      contact: { email: 'ana@example.com', isConfirmed: true },
    });
    expect((await t.db.models.Visitor.findByPk(session.visitorId))?.emailOptedOutAt).toBeNull();
  });

  it('lets a visitor withdraw the email, and keeps a verified visitor’s email as the site gave it', async () => {
    const { visitor, session } = await waitingVisitor();
    await ask(visitor, 'visitor:contact', { email: 'ana@example.com' });
    expect(await ask(visitor, 'visitor:contact', { email: null })).toEqual({
      ok: true,
      contact: { email: null, isConfirmed: false },
    });
    await t.db.models.Visitor.update(
      { isVerified: true, email: 'account@example.com' },
      { where: { id: session.visitorId } },
    );
    expect(await ask(visitor, 'visitor:contact', { email: 'other@example.com' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect((await t.db.models.Visitor.findByPk(session.visitorId))?.email).toBe(
      'account@example.com',
    );
  });
});
