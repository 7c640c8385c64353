import { Transaction, type CreationAttributes, type Model, type ModelStatic } from 'sequelize';
import type { Database } from '@parley/db';
import { createGroupCommit, type Settled } from './group-commit.ts';

/** Most rows in one INSERT; the rest go in the next transaction. */
const MAX_BATCH_SIZE = 500;

/**
 * Inserts rows of one table by group commit: rows created while a transaction is in flight
 * share the next one (one multi-row INSERT, one fsync), so a burst of new visitors or sessions
 * costs a commit per batch instead of one each. A lone row on an idle writer goes at once. If
 * the batch fails, each row is inserted alone, so one row's trouble stays its own.
 *
 * @example
 *   const createVisitor = createBatchedInsert(db, db.models.Visitor);
 *   const visitor = await createVisitor({ widgetId, firstSeenAt: now, lastSeenAt: now });
 */
export function createBatchedInsert<M extends Model>(
  db: Database,
  model: ModelStatic<M>,
): (values: CreationAttributes<M>) => Promise<M> {
  const isSqlite = db.target.dialect === 'sqlite';
  const writer = createGroupCommit<CreationAttributes<M>, M>({
    maxBatchSize: MAX_BATCH_SIZE,
    maxWaitMs: 0,
    async flush(rows): Promise<Array<Settled<M>>> {
      if (rows.length === 1) return settleAlone(model, rows[0]!);
      try {
        const created = await db.sequelize.transaction(
          // SQLite: take the one write lock at BEGIN, as the message batch does.
          isSqlite ? { type: Transaction.TYPES.IMMEDIATE } : {},
          (transaction) => model.bulkCreate(rows, { transaction, validate: true }),
        );
        return created.map((value) => ({ ok: true, value }));
      } catch {
        const results: Array<Settled<M>> = [];
        for (const row of rows) results.push(...(await settleAlone(model, row)));
        return results;
      }
    },
  });
  return (values) => writer.submit(values);
}

async function settleAlone<M extends Model>(
  model: ModelStatic<M>,
  row: CreationAttributes<M>,
): Promise<Array<Settled<M>>> {
  try {
    return [{ ok: true, value: await model.create(row) }];
  } catch (error) {
    return [{ ok: false, error }];
  }
}
