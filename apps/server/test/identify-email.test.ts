import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { Op } from 'sequelize';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { WidgetConfig } from '@parley/db';

import { sessionRoom } from '../src/app/rooms.ts';
import { api, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { ask, askOk, connectWidget, type WidgetTestSocket } from './support/widget-client.ts';

const page = { url: 'https://shop.example.com/help', title: 'Help' };
const SECRET = 'identity-secret-for-tests-0123456789';
const hash = (id: string) => createHmac('sha256', SECRET).update(id).digest('hex');

/*
 * `identify` is the host page's word, and on a widget without an identity secret anyone can send
 * it with any payload. It must never turn an address into one Parley mails.
 */
describe.each(DATABASE_KINDS)('a visitor’s email from identify on %s', (kind) => {
  let t: TestServer;
  let smtp: SmtpReceiver;
  let token: string;
  let sockets: WidgetTestSocket[];

  beforeEach(async () => {
    smtp = await startSmtpReceiver();
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: { SMTP_URL: smtp.url, EMAIL_REPLY_DELAY_MS: '0' },
    });
    token = (await setupAdmin(t.url)).accessToken;
    sockets = [];
  });
  afterEach(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
    await smtp.close();
  });

  /** A visitor who asked for a person, with nobody online. */
  const waitingVisitor = async (widget: WidgetConfig) => {
    const visitor = await connectWidget(t.url, { widgetKey: widget.widgetKey });
    sockets.push(visitor);
    const { session } = await askOk(visitor, 'session:start', { page });
    await ask(visitor, 'message:send', { sessionId: session.id, clientId: 'q', content: 'Hi?' });
    await ask(visitor, 'handoff:request', { sessionId: session.id });
    return { visitor, session };
  };
  /**
   * The confirmation mails to `email`, found by recipient and subject: a transcript asked for
   * earlier is sent from the outbox asynchronously and may land before or after them.
   */
  const confirmationsTo = (email: string) =>
    smtp.mails.filter(
      (mail) =>
        mail.subject?.startsWith('Confirm your email') === true &&
        [mail.to]
          .flat()
          .flatMap((to) => to?.value ?? [])
          .some((to) => to.address?.toLowerCase() === email),
    );
  /** Leaves an address in the chat and opens the confirmation link mailed to it. */
  const confirmContact = async (visitor: WidgetTestSocket, email: string) => {
    const before = confirmationsTo(email.toLowerCase()).length;
    await askOk(visitor, 'visitor:contact', { email });
    await expect
      .poll(() => confirmationsTo(email.toLowerCase()).length, { timeout: 20_000 })
      .toBeGreaterThan(before);
    const mail = confirmationsTo(email.toLowerCase())[before];
    const link = /https?:\/\/\S+\/api\/v1\/email\/confirm\?token=[0-9a-f]+/.exec(
      mail?.text ?? '',
    )?.[0];
    expect(link, 'a confirmation link').toBeDefined();
    expect((await fetch(link!, { method: 'POST' })).status).toBe(200);
  };
  const storedVisitor = async (id: string) => (await t.db.models.Visitor.findByPk(id))!;
  const leave = async (visitor: WidgetTestSocket, sessionId: string) => {
    visitor.close();
    await expect
      .poll(
        async () =>
          (await t.server.io.of('/widget').in(sessionRoom(sessionId)).fetchSockets()).length,
      )
      .toBe(0);
  };
  const agentReplies = async (sessionId: string) => {
    const reply = await api(t.url, `POST /api/v1/sessions/${sessionId}/messages`, {
      token,
      body: { content: 'We are back, how can we help?' },
    });
    expect(reply.status).toBe(201);
  };
  const outboxTo = (pattern: string) =>
    t.db.models.EmailOutboxEntry.findAll({ where: { toAddress: { [Op.like]: pattern } } });
  const notConfirmed = {
    ok: false,
    error: { code: 'INVALID_PAYLOAD', message: 'Confirm your email first: check your inbox' },
  };

  it('drops a list of addresses, and never mails an address an unverified identify set', async () => {
    const widget = await seedWidget(t.db);
    const { visitor, session } = await waitingVisitor(widget);
    await confirmContact(visitor, 'attacker@attacker.test');
    const { id: visitorId } = (await askOk(visitor, 'identify', { id: 'anything' })).visitor;
    for (const email of [
      'victim1@victim.test, victim2@victim.test, victim3@victim.test',
      'victim1@victim.test;victim2@victim.test',
      'Victim <victim1@victim.test>',
      'victim1@victim.test\r\nBcc: victim2@victim.test',
    ]) {
      // The rest of the identify applies; the address is left out and the ack says so.
      expect(await ask(visitor, 'identify', { id: 'anything', name: 'Eve', email }), email).toEqual(
        {
          ok: true,
          visitor: expect.objectContaining({ id: visitorId }) as unknown,
          ignored: ['email'],
        },
      );
      expect(await ask(visitor, 'visitor:contact', { email }), email).toMatchObject({
        ok: false,
        error: { code: 'INVALID_PAYLOAD', details: { field: 'email' } },
      });
    }
    const stored = await storedVisitor(visitorId);
    expect(stored.email).toBe('attacker@attacker.test');
    expect(stored.emailConfirmedAt).not.toBeNull();
    expect(stored.name).toBe('Eve');
    // The same address (in another case) keeps its confirmation: the transcript goes out.
    await askOk(visitor, 'identify', { id: 'anything', email: 'Attacker@Attacker.test' });
    await askOk(visitor, 'transcript:request', { sessionId: session.id });

    await askOk(visitor, 'identify', { id: 'anything', email: 'victim1@victim.test' });
    expect(await ask(visitor, 'transcript:request', { sessionId: session.id })).toMatchObject(
      notConfirmed,
    );
    await leave(visitor, session.id);
    await agentReplies(session.id);

    // A visitor who confirmed the address: the reply path runs and mails them.
    const control = await waitingVisitor(widget);
    await confirmContact(control.visitor, 'ana@example.com');
    await leave(control.visitor, control.session.id);
    await agentReplies(control.session.id);
    await expect.poll(async () => (await outboxTo('ana@%')).map((m) => m.kind)).toContain('reply');

    expect(await outboxTo('%victim%')).toEqual([]);
    const transcripts = await t.db.models.EmailOutboxEntry.findAll({
      where: { kind: 'visitor-transcript' },
    });
    expect(transcripts.map((m) => m.toAddress)).toEqual(['attacker@attacker.test']);
  });

  it('trusts the address of a verified identify, and not one sent once the secret is gone', async () => {
    const widget = await seedWidget(t.db, {
      identitySecret: SECRET,
      cipher: t.server.admin.cipher,
    });
    const { visitor, session } = await waitingVisitor(widget);
    await askOk(visitor, 'identify', {
      id: 'user-7',
      email: 'grace@example.com',
      hash: hash('user-7'),
    });
    await askOk(visitor, 'transcript:request', { sessionId: session.id });
    expect((await outboxTo('grace@example.com')).map((m) => m.kind)).toEqual([
      'visitor-transcript',
    ]);

    const patched = await api(t.url, `PATCH /api/v1/widgets/${widget.id}`, {
      token,
      body: { identityVerification: false },
    });
    expect(patched.status).toBe(200);
    // Without the secret nothing vouches for this address, though the visitor was verified.
    await askOk(visitor, 'identify', { id: 'user-7', email: 'victim1@victim.test' });
    expect(await ask(visitor, 'transcript:request', { sessionId: session.id })).toMatchObject(
      notConfirmed,
    );
    expect(await outboxTo('%victim%')).toEqual([]);
    // The visitor can still confirm an address of their own.
    expect(await ask(visitor, 'visitor:contact', { email: 'grace@example.com' })).toMatchObject({
      ok: true,
      contact: { isConfirmed: false },
    });
  });

  it('reads a blank email as none: the stored address, its confirmation and the name stay', async () => {
    const widget = await seedWidget(t.db);
    const { visitor, session } = await waitingVisitor(widget);
    await confirmContact(visitor, 'ana@example.com');
    for (const [name, email] of [
      ['Ana', ''],
      ['Ana Lima', ' \t'],
    ] as const) {
      const ack = await askOk(visitor, 'identify', { id: 'user-1', name, email });
      expect(ack).not.toHaveProperty('ignored');
      const stored = await storedVisitor(ack.visitor.id);
      expect(stored).toMatchObject({ name, email: 'ana@example.com' });
      expect(stored.emailConfirmedAt).not.toBeNull();
    }
    await askOk(visitor, 'transcript:request', { sessionId: session.id });
  });

  it('links and names a verified visitor whose identify carries an invalid email', async () => {
    const widget = await seedWidget(t.db, {
      identitySecret: SECRET,
      cipher: t.server.admin.cipher,
    });
    const first = await waitingVisitor(widget);
    const known = await askOk(first.visitor, 'identify', {
      id: 'user-7',
      email: 'grace@example.com',
      hash: hash('user-7'),
    });

    // Another device of the same person, the site's account holding a malformed address.
    const other = await waitingVisitor(widget);
    const ack = await askOk(other.visitor, 'identify', {
      id: 'user-7',
      name: 'Grace Hopper',
      email: 'Grace Hopper <grace@example.com>, boss@example.com',
      hash: hash('user-7'),
    });
    expect(ack.ignored).toEqual(['email']);
    expect(ack.visitor.id).toBe(known.visitor.id);
    const stored = await storedVisitor(known.visitor.id);
    expect(stored).toMatchObject({
      name: 'Grace Hopper',
      email: 'grace@example.com',
      isVerified: true,
    });
    // The conversation begun on that device follows the person.
    expect((await t.db.models.ChatSession.findByPk(other.session.id))?.visitorId).toBe(
      known.visitor.id,
    );
    expect(await outboxTo('%boss%')).toEqual([]);
  });

  it('takes internationalised addresses: trusted when verified, mailed once confirmed', async () => {
    const widget = await seedWidget(t.db, {
      identitySecret: SECRET,
      cipher: t.server.admin.cipher,
    });
    const verified = await waitingVisitor(widget);
    const ack = await askOk(verified.visitor, 'identify', {
      id: 'user-8',
      email: 'Ana@Exämple.de',
      hash: hash('user-8'),
    });
    expect(ack).not.toHaveProperty('ignored');
    await askOk(verified.visitor, 'transcript:request', { sessionId: verified.session.id });
    expect((await outboxTo('ana@exämple.de')).map((m) => m.kind)).toEqual(['visitor-transcript']);

    await api(t.url, `PATCH /api/v1/widgets/${widget.id}`, {
      token,
      body: { identityVerification: false },
    });
    const { visitor, session } = await waitingVisitor(widget);
    const unverified = await askOk(visitor, 'identify', { id: 'user-9', email: 'josé@exemple.fr' });
    expect(unverified).not.toHaveProperty('ignored');
    expect((await storedVisitor(unverified.visitor.id)).email).toBe('josé@exemple.fr');
    expect(await ask(visitor, 'transcript:request', { sessionId: session.id })).toMatchObject(
      notConfirmed,
    );
    await confirmContact(visitor, 'josé@exemple.fr');
    await askOk(visitor, 'transcript:request', { sessionId: session.id });
    expect((await outboxTo('josé@exemple.fr')).map((m) => m.kind)).toContain('visitor-transcript');
  });
});
