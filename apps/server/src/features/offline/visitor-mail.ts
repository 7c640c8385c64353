import { Op } from 'sequelize';
import type { ChatMessage, ChatSession, Database, EmailOutboxEntry, Visitor } from '@parley/db';
import type { TMessage } from '@parley/protocol';
import { toMessage, type MessageRow } from '../conversations/conversation-mapping.ts';
import type { EmailLinks } from './email-links.ts';
import { confirmationMail, replyMail, visitorTranscriptMail, type Mail } from './mail-templates.ts';
import { CONFIRM_PATH, UNSUBSCRIBE_PATH } from './email-paths.ts';

/** Messages of context under an emailed reply. */
const EARLIER_MESSAGES = 5;
const TRANSCRIPT_MESSAGES = 500;
/** Agent replies one mail gathers at most (a long burst goes out in several mails). */
const REPLIES_PER_MAIL = 20;

export interface OutgoingMail {
  /**
   * Queues an agent's reply to a visitor who is not connected. Replies that follow within
   * `replyDelayMs` join the same mail, which leaves once that delay has passed.
   */
  reply(input: {
    session: ChatSession;
    visitor: Visitor & { email: string };
    reply: TMessage;
  }): Promise<void>;
  transcript(input: { session: ChatSession; visitor: Visitor & { email: string } }): Promise<void>;
  /** The link that confirms the address a visitor left. */
  confirmation(input: { visitor: Visitor; widgetId: string }): Promise<void>;
}

interface Queued extends Mail {
  kind: string;
  to: string;
  replyTo?: string | null;
  unsubscribeUrl?: string | null;
  sessionId?: string | null;
  sendAt?: Date;
}

/** Writes visitors' mail into the outbox, in the widget's language, with its links. */
export function createVisitorMail(parts: {
  db: Database;
  links: EmailLinks;
  /** `https://chat.example.com`: where the mail's links point. */
  publicUrl: () => string;
  /** The reply mailbox (`EMAIL_REPLY_TO`); without it, mail says to answer in the chat. */
  replyMailbox: string | undefined;
  replyDelayMs: number;
  /** Wakes the sender. */
  kick(): void;
}): OutgoingMail {
  const { db, links } = parts;
  const { WidgetConfig, ChatMessage, EmailOutboxEntry: Outbox } = db.models;
  const widgetText = async (widgetId: string) => {
    const widget = await WidgetConfig.findByPk(widgetId);
    return { locale: widget?.locale ?? 'en', title: widget?.title ?? 'Support' };
  };
  const contextOf = async (session: ChatSession, visitor: Visitor) => ({
    ...(await widgetText(session.widgetId)),
    unsubscribeUrl: `${parts.publicUrl()}${UNSUBSCRIBE_PATH}?token=${links.unsubscribeToken(visitor.id)}`,
  });
  const messagesOf = async (sessionId: string, where: object, limit: number) => {
    const rows = await ChatMessage.findAll({
      where: { sessionId, ...where },
      order: [['seq', 'DESC']],
      limit,
    });
    return rows.reverse().map((row) => toMessage(row as MessageRow));
  };
  const fields = (mail: Queued) => ({
    kind: mail.kind,
    toAddress: mail.to,
    replyTo: mail.replyTo ?? null,
    unsubscribeUrl: mail.unsubscribeUrl ?? null,
    sessionId: mail.sessionId ?? null,
    subject: mail.subject,
    textBody: mail.text,
    htmlBody: mail.html,
  });
  const queue = async (mail: Queued) => {
    await Outbox.create({ ...fields(mail), nextAttemptAt: mail.sendAt ?? new Date() });
    parts.kick();
  };
  /** A reply mail of this session still waiting for company, if any. */
  const waitingReply = (sessionId: string): Promise<EmailOutboxEntry | null> =>
    Outbox.findOne({
      where: {
        sessionId,
        kind: 'reply',
        status: 'pending',
        attempts: 0,
        nextAttemptAt: { [Op.gt]: new Date() },
      },
    });

  const outgoing: OutgoingMail = {
    async reply({ session, visitor, reply }) {
      const waiting = await waitingReply(session.id);
      // The replies since the visitor last wrote: what the mail answers them with.
      const lastFromVisitor = await ChatMessage.max<number, ChatMessage>('seq', {
        where: { sessionId: session.id, senderType: 'visitor' },
      });
      const replies = (
        await messagesOf(
          session.id,
          { senderType: 'agent', seq: { [Op.gt]: lastFromVisitor ?? 0 } },
          REPLIES_PER_MAIL,
        )
      ).filter((message) => message.content !== '');
      const gathered = replies.some((message) => message.id === reply.id) ? replies : [reply];
      const firstSeq = gathered[0]?.seq ?? reply.seq;
      const earlier = (
        await messagesOf(session.id, { seq: { [Op.lt]: firstSeq } }, EARLIER_MESSAGES + 5)
      )
        .filter((message) => message.senderType !== 'system')
        .slice(-EARLIER_MESSAGES);
      const replyTo = parts.replyMailbox
        ? links.replyAddress(session.id, parts.replyMailbox)
        : null;
      const context = await contextOf(session, visitor);
      const mail: Queued = {
        ...replyMail({ ...context, replies: gathered, earlier, canAnswerByMail: replyTo !== null }),
        kind: 'reply',
        to: visitor.email,
        replyTo,
        unsubscribeUrl: context.unsubscribeUrl,
        sessionId: session.id,
      };
      if (waiting) {
        await waiting.update(fields(mail));
        return;
      }
      await queue({ ...mail, sendAt: new Date(Date.now() + parts.replyDelayMs) });
    },
    async transcript({ session, visitor }) {
      const context = await contextOf(session, visitor);
      const mail = visitorTranscriptMail({
        ...context,
        messages: await messagesOf(session.id, {}, TRANSCRIPT_MESSAGES),
      });
      await queue({
        ...mail,
        kind: 'visitor-transcript',
        to: visitor.email,
        unsubscribeUrl: context.unsubscribeUrl,
      });
    },
    async confirmation({ visitor, widgetId }) {
      if (!visitor.email) return;
      const token = links.confirmToken(visitor.id, visitor.email);
      const mail = confirmationMail({
        ...(await widgetText(widgetId)),
        confirmUrl: `${parts.publicUrl()}${CONFIRM_PATH}?token=${token}`,
      });
      await queue({ ...mail, kind: 'contact-confirmation', to: visitor.email });
    },
  };

  // One reply mail decision at a time per session: a second reply that read the outbox before
  // the first one's mail was queued went out in a mail of its own.
  const replyTurns = new Map<string, Promise<void>>();
  return {
    ...outgoing,
    reply(input) {
      const sessionId = input.session.id;
      const turn = (replyTurns.get(sessionId) ?? Promise.resolve()).then(() =>
        outgoing.reply(input),
      );
      const settled = turn.catch(() => undefined);
      replyTurns.set(sessionId, settled);
      void settled.then(() => {
        if (replyTurns.get(sessionId) === settled) replyTurns.delete(sessionId);
      });
      return turn;
    },
  };
}
