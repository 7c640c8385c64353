import { Op } from 'sequelize';
import { AppError, type TFlaggedContent, type TMessage } from '@parley/protocol';
import type { ChatMessage, Database } from '@parley/db';
import { titleFrom, toMessage, toSession } from '../conversations/conversation-mapping.ts';
import type { DomainEvents } from '../../app/domain-events.ts';
import type { BanService } from './ban-service.ts';
import { toFlaggedContent } from './flag-mapping.ts';

export type FlagReview = 'approve' | 'reject' | 'reject_and_ban';

export interface ReviewFlagged {
  flagId: string;
  decision: FlagReview;
  /** The staff user reviewing (users.id), or null for the system. */
  reviewerId: string | null;
  /** For `reject_and_ban`: when the ban ends; null or absent bans for good. */
  banExpiresAt?: Date | null;
  banReason?: string;
}

export interface FlagService {
  /** A rule with action `flag` matched a committed message. */
  fileRuleMatch(input: {
    sessionId: string;
    messageId: string;
    ruleIds: string[];
  }): Promise<TFlaggedContent>;
  /** A visitor reports an AI answer of one of their own sessions. */
  reportMessage(input: {
    visitorId: string;
    widgetId: string;
    messageId: string;
    reason?: string;
  }): Promise<TFlaggedContent>;
  /** The queue, newest first; `status` defaults to `pending`. */
  listFlagged(input?: {
    status?: TFlaggedContent['status'];
    limit?: number;
  }): Promise<TFlaggedContent[]>;
  reviewFlagged(input: ReviewFlagged): Promise<{ flag: TFlaggedContent; message: TMessage | null }>;
}

export function createFlagService(parts: {
  db: Database;
  events: DomainEvents;
  bans: BanService;
}): FlagService {
  const { FlaggedContent, ChatMessage, ChatSession, ModerationRule } = parts.db.models;
  const publish = (row: InstanceType<typeof FlaggedContent>) => {
    const flag = toFlaggedContent(row);
    parts.events.emit('flag:created', { flag });
    return flag;
  };

  return {
    async fileRuleMatch({ sessionId, messageId, ruleIds }) {
      // Named, so the queue and the staff notification say which rule, not which id.
      const rules = await ModerationRule.findAll({ where: { id: ruleIds }, attributes: ['name'] });
      const names = rules.map((rule) => `“${rule.name}”`);
      const row = await FlaggedContent.create({
        contentId: messageId,
        contentType: 'message',
        sessionId,
        moderationRuleId: ruleIds[0] ?? null,
        reason:
          names.length === 0
            ? 'Matched a moderation rule'
            : `Matched moderation rule${names.length > 1 ? 's' : ''} ${names.join(', ')}`,
        reporterType: 'system',
      });
      return publish(row);
    },

    async reportMessage({ visitorId, widgetId, messageId, reason }) {
      const message = await ChatMessage.findByPk(messageId);
      const session = message ? await ChatSession.findByPk(message.sessionId) : null;
      // Another visitor's message looks exactly like no message at all.
      if (!message || !session || session.visitorId !== visitorId || session.widgetId !== widgetId)
        throw new AppError('NOT_FOUND', 'No such message', { field: 'messageId' });
      if (message.senderType !== 'ai')
        throw new AppError('INVALID_PAYLOAD', 'Only answers of the assistant can be reported', {
          field: 'messageId',
        });
      const existing = await FlaggedContent.findOne({
        where: { contentId: messageId, reporterType: 'visitor', status: 'pending' },
      });
      if (existing) return toFlaggedContent(existing);
      const row = await FlaggedContent.create({
        contentId: messageId,
        contentType: 'message',
        sessionId: session.id,
        reason: `Reported by the visitor${reason ? `: ${reason}` : ''}`,
        reporterType: 'visitor',
      });
      return publish(row);
    },

    async listFlagged({ status = 'pending', limit = 50 } = {}) {
      const rows = await FlaggedContent.findAll({
        where: { status },
        order: [['createdAt', 'DESC']],
        limit: Math.min(Math.max(limit, 1), 200),
      });
      return rows.map(toFlaggedContent);
    },

    async reviewFlagged(input) {
      const flag = await FlaggedContent.findByPk(input.flagId);
      if (!flag) throw new AppError('NOT_FOUND', 'No such flagged item', { field: 'flagId' });
      if (flag.status !== 'pending')
        throw new AppError('CONFLICT', `This item was already ${flag.status}`, { field: 'flagId' });
      const isReject = input.decision !== 'approve';
      const message = isReject ? await hideMessage(parts, flag.contentId) : null;
      if (input.decision === 'reject_and_ban' && message) {
        const session = await ChatSession.findByPk(message.sessionId);
        if (session)
          await parts.bans.create({
            visitorId: session.visitorId,
            reason: input.banReason ?? flag.reason,
            bannedBy: input.reviewerId,
            expiresAt: input.banExpiresAt ?? null,
          });
      }
      await flag.update({
        status: isReject ? 'rejected' : 'approved',
        reviewedBy: input.reviewerId,
        reviewedAt: new Date(),
      });
      const reviewed = toFlaggedContent(flag);
      parts.events.emit('flag:reviewed', { flag: reviewed });
      return { flag: reviewed, message };
    },
  };
}

/** Hides a message (status `moderated`) and tells every open tab of its session. */
async function hideMessage(
  parts: { db: Database; events: DomainEvents },
  messageId: string,
): Promise<TMessage | null> {
  const row = await parts.db.models.ChatMessage.findByPk(messageId);
  if (!row) return null;
  if (row.status !== 'moderated') await row.update({ status: 'moderated' });
  const message = toMessage(row);
  parts.events.emit('message:updated', { sessionId: row.sessionId, message });
  await dropTitleTakenFrom(parts, row);
  return message;
}

/**
 * A conversation is titled after a visitor message (its first shown one, or the next after a
 * title was dropped); once the text it was taken from is hidden, that text must not live on in
 * the inbox as the title. The title goes (the next visitor message names the conversation again)
 * and the inbox is told, unless another message still shown says the same.
 */
async function dropTitleTakenFrom(
  parts: { db: Database; events: DomainEvents },
  hidden: ChatMessage,
): Promise<void> {
  if (hidden.senderType !== 'visitor') return;
  const session = await parts.db.models.ChatSession.findByPk(hidden.sessionId);
  if (!session || session.title !== titleFrom(hidden.content)) return;
  const alsoShown = await parts.db.models.ChatMessage.count({
    where: {
      sessionId: hidden.sessionId,
      senderType: 'visitor',
      status: { [Op.ne]: 'moderated' },
      content: hidden.content,
    },
  });
  if (alsoShown > 0) return;
  await session.update({ title: null });
  parts.events.emit('session:updated', { session: toSession(session) });
}
