import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Router, type Request, type Response } from 'express';
import type { Server } from 'socket.io';
import { z } from 'zod';
import { AppError } from '@parley/protocol';
import type { Database } from '@parley/db';
import type { Config } from '../../config/config-schema.ts';
import type { Logger } from '../../logging/create-logger.ts';
import type { ConversationFeature } from '../conversations/conversation-feature.ts';
import { memoryRateLimiter, type RateLimiterFactory } from '../conversations/rate-limits.ts';
import { sessionRoom } from '../../app/rooms.ts';
import { verifyWebhookSignature } from '../webhooks/webhook-signature.ts';
import { createContactService, isMailable, type ContactService } from './contact-service.ts';
import { createEmailLinks, emailLinkKey } from './email-links.ts';
import { CONFIRM_PATH, UNSUBSCRIBE_PATH } from './email-paths.ts';
import { createMailLimits } from './mail-limits.ts';
import { bareAddress, newPartOfReply } from './reply-text.ts';
import { createVisitorMail } from './visitor-mail.ts';

/** What a mail relay posts for one received mail (see docs/integrations.md). */
const ZInboundMailSchema = z.object({
  to: z.string().min(3).max(1000),
  from: z.string().min(3).max(1000),
  text: z.string().max(100_000),
  /**
   * The relay's verdict that `from` is genuine (SPF or DKIM aligned with it, DMARC pass): a
   * `From` header alone can be forged by anyone.
   */
  senderVerified: z.boolean(),
  /** The mail's Message-ID: a relay that posts the same mail twice adds it once. */
  messageId: z.string().max(1000).optional(),
});

/** Express's JSON parser keeps the raw body of this route for its signature check. */
export const INBOUND_MAIL_PATH = '/api/v1/email/inbound';
export type RawBodyRequest = IncomingMessage & { rawBody?: Buffer };

export interface OfflineFeature {
  contacts: ContactService;
  /** `POST /email/inbound` (signed by the relay), confirmation and unsubscribe links. */
  routes: Router;
  /** Mails agents' replies to visitors who left; needs `io` to know who is still there. */
  attach(io: Server): void;
  close(): void;
}

/**
 * Conversations that go on when the visitor leaves: the email a visitor leaves while nobody is
 * online (confirmed by a link before anything else is sent to it), agents' replies mailed to it,
 * the visitor's emailed answers back into the conversation, transcripts on request, and an
 * unsubscribe link in every mail.
 */
export function createOfflineFeature(parts: {
  config: Config;
  db: Database;
  logger: Logger;
  conversations: ConversationFeature;
  linkSecret: Buffer;
  publicUrl: () => string;
  kickMail(): void;
  /** Counts the mail limits in Redis when several nodes share them. */
  rateLimiter?: RateLimiterFactory;
}): OfflineFeature {
  const { config, db, logger, conversations } = parts;
  const { limitPublic } = conversations;
  const links = createEmailLinks(emailLinkKey(parts.linkSecret));
  const mail = createVisitorMail({
    db,
    links,
    publicUrl: () => parts.publicUrl(),
    replyMailbox: config.EMAIL_REPLY_TO,
    replyDelayMs: config.EMAIL_REPLY_DELAY_MS,
    kick: () => parts.kickMail(),
  });
  const contacts = createContactService({
    db,
    mail,
    links,
    limitMail: createMailLimits(parts.rateLimiter ?? memoryRateLimiter),
  });
  conversations.addWidgetHandlers({
    'visitor:contact': async (contact, visitor) => ({
      contact: await contacts.save(visitor, contact),
    }),
    'transcript:request': async ({ sessionId }, visitor) => {
      await contacts.requestTranscript(visitor, sessionId);
      return {};
    },
  });
  const detach: Array<() => void> = [];

  const router = Router();
  router.post(INBOUND_MAIL_PATH, async (req: Request, res) => {
    const secret = config.EMAIL_INBOUND_SECRET;
    if (!secret) throw new AppError('NOT_FOUND', 'Inbound email is not configured');
    const raw = (req as RawBodyRequest).rawBody?.toString('utf8') ?? '';
    if (!verifyWebhookSignature({ secret, body: raw, header: req.get('x-parley-signature') }))
      throw new AppError('UNAUTHORIZED', 'The signature does not match');
    const inbound = ZInboundMailSchema.parse(req.body);
    const sessionId = links.sessionOfReplyAddress(inbound.to);
    const session = sessionId ? await db.models.ChatSession.findByPk(sessionId) : null;
    if (!session) throw new AppError('NOT_FOUND', 'No conversation has this reply address');
    const visitor = await db.models.Visitor.findByPk(session.visitorId);
    const isVisitor =
      visitor !== null &&
      isMailable(visitor) &&
      bareAddress(inbound.from) === visitor.email.toLowerCase();
    if (!inbound.senderVerified || !isVisitor)
      throw new AppError('FORBIDDEN', 'The sender is not this conversation’s visitor');
    if (session.status === 'closed') throw new AppError('CONFLICT', 'This conversation has ended');
    const content = newPartOfReply(inbound.text).slice(0, config.MAX_MESSAGE_LENGTH);
    const clientId = `email:${createHash('sha256')
      .update(inbound.messageId ?? raw)
      .digest('hex')
      .slice(0, 40)}`;
    const message = await conversations.service.sendVisitorMessage({
      scope: { widgetId: session.widgetId, visitorId: visitor.id },
      ip: req.ip,
      sessionId: session.id,
      clientId,
      content,
    });
    res.status(201).json({ message });
  });

  // Mail scanners open links: GET only asks, the button (a POST) acts. A one-click unsubscribe
  // from the mail program (RFC 8058, `List-Unsubscribe-Post`) is that same POST.
  const tokenOf = (req: Request) => (typeof req.query.token === 'string' ? req.query.token : '');
  const askPage = (
    res: Response,
    page: { path: string; token: string; question: string; button: string },
  ) => {
    const { path, token, question, button } = page;
    res
      .type('html')
      .send(
        `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${button}</title></head><body><form method="post" action="${path}?token=${token}"><p>${question}</p><button type="submit">${button}</button></form></body></html>`,
      );
  };
  const donePage = (res: Response, text: string) =>
    res
      .type('html')
      .send(
        `<!doctype html><html><head><meta charset="utf-8"><title>Done</title></head><body><p>${text}</p></body></html>`,
      );
  const unsubscribeVisitor = (req: Request) => {
    const visitorId = links.visitorOfUnsubscribeToken(tokenOf(req));
    if (!visitorId) throw new AppError('NOT_FOUND', 'This link is not valid');
    return visitorId;
  };
  router.get(UNSUBSCRIBE_PATH, limitPublic, (req, res) => {
    unsubscribeVisitor(req);
    askPage(res, {
      path: UNSUBSCRIBE_PATH,
      token: tokenOf(req),
      question: 'Stop emails about your conversations?',
      button: 'Unsubscribe',
    });
  });
  router.post(UNSUBSCRIBE_PATH, limitPublic, async (req, res) => {
    await contacts.unsubscribe(unsubscribeVisitor(req));
    donePage(res, 'You will get no more emails about your conversations.');
  });
  router.get(CONFIRM_PATH, limitPublic, (req, res) => {
    if (!links.visitorOfConfirmToken(tokenOf(req)))
      throw new AppError('NOT_FOUND', 'This link is not valid');
    askPage(res, {
      path: CONFIRM_PATH,
      token: tokenOf(req),
      question: 'Get replies to your conversation by email?',
      button: 'Confirm',
    });
  });
  router.post(CONFIRM_PATH, limitPublic, async (req, res) => {
    if (!(await contacts.confirm(tokenOf(req))))
      throw new AppError('NOT_FOUND', 'This link is not valid or no longer matches your address');
    donePage(res, 'Confirmed: replies will come to this address.');
  });

  return {
    contacts,
    routes: router,
    attach(io) {
      const widgets = io.of('/widget');
      detach.push(
        conversations.events.on('message:committed', ({ session, message }) => {
          if (message.senderType !== 'agent') return;
          void (async () => {
            // A visitor with the conversation open reads the reply there.
            if ((await widgets.in(sessionRoom(session.id)).fetchSockets()).length > 0) return;
            const [row, visitor] = await Promise.all([
              db.models.ChatSession.findByPk(session.id),
              db.models.Visitor.findByPk(session.visitorId),
            ]);
            if (row && visitor && isMailable(visitor))
              await mail.reply({ session: row, visitor, reply: message });
          })().catch((error: unknown) =>
            logger.warn({ err: error, sessionId: session.id }, 'could not mail a reply'),
          );
        }),
      );
    },
    close() {
      for (const off of detach.splice(0)) off();
    },
  };
}
