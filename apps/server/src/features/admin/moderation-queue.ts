import { Op } from 'sequelize';
import type { TFlaggedContent, TModerationQueueItem, TQueueContextMessage } from '@parley/protocol';
import type { ChatMessage, Database } from '@parley/db';

/** Messages shown either side of the flagged one. */
const CONTEXT_AROUND = 2;

/**
 * Turns queue rows into entries a moderator can decide from: the message in its context, the
 * rule's name and action, and what happened already. Three queries for the whole page.
 */
export async function describeFlags(
  db: Database,
  flags: TFlaggedContent[],
): Promise<TModerationQueueItem[]> {
  const { ChatMessage: Messages, ModerationRule: Rules } = db.models;
  const ruleIds = [...new Set(flags.flatMap((flag) => flag.moderationRuleId ?? []))];
  const rules = ruleIds.length > 0 ? await Rules.findAll({ where: { id: ruleIds } }) : [];
  const messageIds = flags.filter((flag) => flag.contentType === 'message').map((f) => f.contentId);
  const flagged =
    messageIds.length > 0
      ? await Messages.findAll({
          where: { id: messageIds },
          attributes: ['id', 'sessionId', 'seq'],
        })
      : [];
  const around =
    flagged.length > 0
      ? await Messages.findAll({
          where: {
            [Op.or]: flagged.map((message) => ({
              sessionId: message.sessionId,
              seq: { [Op.between]: [message.seq - CONTEXT_AROUND, message.seq + CONTEXT_AROUND] },
            })),
          },
          order: [['seq', 'ASC']],
        })
      : [];
  const ruleById = new Map(rules.map((rule) => [rule.id, rule]));
  const messageById = new Map(flagged.map((message) => [message.id, message]));
  return flags.map((flag) => {
    const rule = flag.moderationRuleId ? ruleById.get(flag.moderationRuleId) : undefined;
    const message = messageById.get(flag.contentId);
    return {
      id: flag.id,
      sessionId: flag.sessionId,
      contentType: flag.contentType,
      reason: flag.reason,
      createdAt: flag.createdAt,
      contentId: flag.contentId,
      status: flag.status,
      reporterType: flag.reporterType,
      moderationRuleId: flag.moderationRuleId,
      ruleName: rule?.name ?? null,
      ruleAction: rule?.action ?? null,
      actionTaken: actionTaken(flag, rule?.action),
      context: message ? contextOf(message, around) : [],
      reviewedAt: flag.reviewedAt,
    };
  });
}

function contextOf(flagged: ChatMessage, around: ChatMessage[]): TQueueContextMessage[] {
  return around
    .filter(
      (row) =>
        row.sessionId === flagged.sessionId && Math.abs(row.seq - flagged.seq) <= CONTEXT_AROUND,
    )
    .map((row) => ({
      seq: row.seq,
      senderType: row.senderType,
      content: row.content,
      status: row.status,
      createdAt: row.createdAt.toISOString(),
      isFlagged: row.id === flagged.id,
    }));
}

/** What already happened to the message, in the words the queue shows. */
function actionTaken(flag: TFlaggedContent, ruleAction: string | undefined): string {
  if (flag.status === 'approved') return 'Approved: the message stays visible';
  if (flag.status === 'rejected') return 'Rejected: the message is hidden';
  if (flag.reporterType === 'visitor')
    return 'Reported by the visitor; still visible, waiting for review';
  if (ruleAction === 'flag') return 'Delivered and flagged; waiting for review';
  return 'Waiting for review';
}
