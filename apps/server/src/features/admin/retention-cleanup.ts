import { setImmediate as nextTurn } from 'node:timers/promises';
import { Op, literal, type Model, type ModelStatic, type WhereOptions } from 'sequelize';
import type { TCleanupResult } from '@parley/protocol';
import type { Database } from '@parley/db';

/**
 * Rows removed per statement. A first cleanup of a year of data must not hold SQLite's one write
 * lock (which every chat message waits for) or MySQL's row locks for seconds in one statement.
 */
const BATCH = 500;

/** A table's rows selected for removal, read a batch at a time in id order. */
interface Sweep {
  find: (afterId: string) => Promise<string[]>;
  apply: (ids: string[]) => Promise<unknown>;
}

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
  const deleted = await sweep({
    find: idsWhere(ChatSession, { lastMessageAt: older }),
    apply: (ids) => ChatSession.destroy({ where: { id: ids } }),
  });
  const visitors = await sweep({
    find: idsWhere(Visitor, {
      lastSeenAt: older,
      [Op.and]: [
        literal('NOT EXISTS (SELECT 1 FROM chat_sessions s WHERE s.visitor_id = `Visitor`.`id`)'),
        literal('NOT EXISTS (SELECT 1 FROM user_bans b WHERE b.visitor_id = `Visitor`.`id`)'),
      ],
    }),
    apply: (ids) => Visitor.destroy({ where: { id: ids } }),
  });
  const aiLogsCleared = await sweep({
    find: idsWhere(AiInteractionLog, {
      sessionId: null,
      createdAt: older,
      [Op.or]: [{ query: { [Op.ne]: '' } }, { response: { [Op.ne]: '' } }],
    }),
    apply: (ids) => AiInteractionLog.update({ query: '', response: '' }, { where: { id: ids } }),
  });
  const mails = await sweep({
    find: idsWhere(EmailOutboxEntry, {
      status: 'sent',
      createdAt: older,
    }),
    apply: (ids) => EmailOutboxEntry.destroy({ where: { id: ids } }),
  });
  const webhookDeliveries = await sweep({
    find: idsWhere(WebhookDelivery, {
      status: 'delivered',
      createdAt: older,
    }),
    apply: (ids) => WebhookDelivery.destroy({ where: { id: ids } }),
  });
  return { deleted, visitors, aiLogsCleared, mails, webhookDeliveries };
}

/** The ids of `model`'s rows that match `where`, a batch at a time in id order. */
function idsWhere<M extends Model & { id: string }>(model: ModelStatic<M>, where: WhereOptions) {
  return async (afterId: string): Promise<string[]> => {
    const rows = await model.findAll({
      attributes: ['id'],
      where: { [Op.and]: [where, { id: { [Op.gt]: afterId } }] },
      order: [['id', 'ASC']],
      limit: BATCH,
    });
    return rows.map((row) => row.id);
  };
}

/** Applies `sweep` to every selected row, a batch at a time; returns how many rows it took. */
async function sweep({ find, apply }: Sweep): Promise<number> {
  let count = 0;
  let afterId = '';
  for (;;) {
    const ids = await find(afterId);
    if (ids.length > 0) await apply(ids);
    count += ids.length;
    if (ids.length < BATCH) return count;
    afterId = ids.at(-1)!;
    // Between batches the chats' own writes get their turn.
    await nextTurn();
  }
}
