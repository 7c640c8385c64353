import type { ChatSession, Database, Visitor } from '@parley/db';
import type { TMessage } from '@parley/protocol';
import { toMessage, type MessageRow } from '../conversations/conversation-mapping.ts';
import type { EmailLinks } from './email-links.ts';
import { UNSUBSCRIBE_PATH } from './unsubscribe-path.ts';
import { replyMail, visitorTranscriptMail, type Mail } from './mail-templates.ts';

/** Messages of context under an emailed reply. */
const EARLIER_MESSAGES = 5;
const TRANSCRIPT_MESSAGES = 500;

export interface OutgoingMail {
  /** Queues an agent's reply to a visitor who is not connected. */
  reply(input: { session: ChatSession; visitor: Visitor; reply: TMessage }): Promise<void>;
  transcript(input: { session: ChatSession; visitor: Visitor }): Promise<void>;
}

/** Writes visitors' mail into the outbox, in the widget's language, with its links. */
export function createVisitorMail(parts: {
  db: Database;
  links: EmailLinks;
  /** `https://chat.example.com`: where the unsubscribe link points. */
  publicUrl: string;
  /** The reply mailbox (`EMAIL_REPLY_TO`); without it, mail says to answer in the chat. */
  replyMailbox: string | undefined;
  /** Wakes the sender. */
  kick(): void;
}): OutgoingMail {
  const { db, links } = parts;
  const { WidgetConfig, ChatMessage, EmailOutboxEntry } = db.models;
  const contextOf = async (session: ChatSession, visitor: Visitor) => {
    const widget = await WidgetConfig.findByPk(session.widgetId);
    const token = links.unsubscribeToken(visitor.id);
    return {
      locale: widget?.locale ?? 'en',
      title: widget?.title ?? 'Support',
      unsubscribeUrl: `${parts.publicUrl}${UNSUBSCRIBE_PATH}?token=${token}`,
    };
  };
  const lastMessages = async (sessionId: string, limit: number) => {
    const rows = await ChatMessage.findAll({
      where: { sessionId },
      order: [['seq', 'DESC']],
      limit,
    });
    return rows.reverse().map((row) => toMessage(row as MessageRow));
  };
  const queue = async (mail: Mail & { kind: string; to: string; replyTo: string | null }) => {
    await EmailOutboxEntry.create({
      kind: mail.kind,
      toAddress: mail.to,
      replyTo: mail.replyTo,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      nextAttemptAt: new Date(),
    });
    parts.kick();
  };
  return {
    async reply({ session, visitor, reply }) {
      if (!visitor.email) return;
      const earlier = (await lastMessages(session.id, EARLIER_MESSAGES + 1)).filter(
        (message) => message.id !== reply.id && message.senderType !== 'system',
      );
      const replyTo = parts.replyMailbox
        ? links.replyAddress(session.id, parts.replyMailbox)
        : null;
      const mail = replyMail({
        ...(await contextOf(session, visitor)),
        reply,
        earlier: earlier.slice(-EARLIER_MESSAGES),
        canAnswerByMail: replyTo !== null,
      });
      await queue({ ...mail, kind: 'reply', to: visitor.email, replyTo });
    },
    async transcript({ session, visitor }) {
      if (!visitor.email) return;
      const mail = visitorTranscriptMail({
        ...(await contextOf(session, visitor)),
        messages: await lastMessages(session.id, TRANSCRIPT_MESSAGES),
      });
      await queue({ ...mail, kind: 'visitor-transcript', to: visitor.email, replyTo: null });
    },
  };
}
