import { setImmediate as nextTurn } from 'node:timers/promises';
import { Op, literal, type Model, type ModelStatic, type WhereOptions } from 'sequelize';
import type { TCleanupResult } from '@parley/protocol';
import type { Database } from '@parley/db';

/**
 * Rows removed per statement. A first cleanup of a year of data must not hold SQLite's one write
 * lock (which every chat message waits for) or MySQL's row locks for seconds in one statement.
 */
const BATCH = 500;

/**
 * Retention (`POST /maintenance/cleanup`): deletes the conversations whose last message is older
 * than `before`, then what is left of old conversations elsewhere:
 * - visitors with no conversation left, not seen since `before` and not banned (a ban on a
 *   visitor is kept with its visitor; a returning visitor's token then names nobody, and the
 *   widget starts over as a new visitor);
 * - the question and answer text of AI log rows from before `before` whose conversation is gone
 *   (the decision, tokens and cost stay, so analytics keep their history);
 * - mails sent and webhook events delivered before `before` (transcripts and message payloads).
 * Mails and deliveries still waiting are kept: they may still go out.
 *
 * @example
 *   const removed = await cleanupOlderThan(db, new Date(Date.now() - 30 * 86_400_000));
 */
export async function cleanupOlderThan(db: Database, before: Date): Promise<TCleanupResult> {
  const { ChatSession, Visitor, AiInteractionLog, EmailOutboxEntry, WebhookDelivery } = db.models;
  const older = { [Op.lt]: before };
  const deleted = await sweep(ChatSession, { lastMessageAt: older }, (where) =>
    ChatSession.destroy({ where }),
  );
  const visitors = await sweep(
    Visitor,
    {
      lastSeenAt: older,
      // Uncorrelated, so the same condition reads in the SELECT and in the DELETE.
      [Op.and]: [
        { id: { [Op.notIn]: literal('(SELECT visitor_id FROM chat_sessions)') } },
        {
          id: {
            [Op.notIn]: literal('(SELECT visitor_id FROM user_bans WHERE visitor_id IS NOT NULL)'),
          },
        },
      ],
    },
    (where) => Visitor.destroy({ where }),
  );
  const aiLogsCleared = await sweep(
    AiInteractionLog,
    {
      sessionId: null,
      createdAt: older,
      [Op.or]: [{ query: { [Op.ne]: '' } }, { response: { [Op.ne]: '' } }],
    },
    async (where) => (await AiInteractionLog.update({ query: '', response: '' }, { where }))[0],
  );
  const mails = await sweep(EmailOutboxEntry, { status: 'sent', createdAt: older }, (where) =>
    EmailOutboxEntry.destroy({ where }),
  );
  const webhookDeliveries = await sweep(
    WebhookDelivery,
    { status: 'delivered', createdAt: older },
    (where) => WebhookDelivery.destroy({ where }),
  );
  return { deleted, visitors, aiLogsCleared, mails, webhookDeliveries };
}

/**
 * Applies `apply` to `model`'s rows matching `where`, a batch at a time in id order; returns how
 * many rows it changed. Each batch is written with `where` again, not by id alone: between the
 * read and the write (the chats write in between) an old conversation may get a new message, or
 * an old visitor start one, and then it is no longer to be removed.
 */
async function sweep<M extends Model & { id: string }>(
  model: ModelStatic<M>,
  where: WhereOptions,
  apply: (where: WhereOptions) => Promise<number>,
): Promise<number> {
  let count = 0;
  let afterId = '';
  for (;;) {
    const rows = await model.findAll({
      attributes: ['id'],
      where: { [Op.and]: [where, { id: { [Op.gt]: afterId } }] },
      order: [['id', 'ASC']],
      limit: BATCH,
    });
    const ids = rows.map((row) => row.id);
    if (ids.length > 0) count += await apply({ [Op.and]: [where, { id: ids }] });
    if (ids.length < BATCH) return count;
    afterId = ids.at(-1)!;
    // Between batches the chats' own writes get their turn.
    await nextTurn();
  }
}
