import {
  inWriteTransaction,
  multiRowInsert,
  writeOne,
  WriterStatementTimeout,
  type Database,
} from '@parley/db';
import { createGroupCommit, type Settled } from './group-commit.ts';

/** Most rows in one INSERT; the rest go in the next transaction. */
const MAX_BATCH_SIZE = 500;

/** A table as the batched insert writes it: its columns, and a row's values in that order. */
export interface InsertTable<R> {
  name: string;
  columns: readonly string[];
  /** Values as the driver takes them (dates through `sqlDateTime`, JSON as text). */
  values(row: R): unknown[];
}

export interface BatchedInsert<R> {
  /** Resolves once the transaction holding the row committed; rejects with this row's own error. */
  insert(row: R): Promise<void>;
  /** Calls `listener` with the rows of each INSERT statement as it is sent (tests, metrics). */
  observe(listener: (rows: number) => void): () => void;
}

/**
 * Inserts rows of one table by group commit: rows arriving while a transaction is in flight
 * share the next one (one multi-row INSERT, one fsync), so a burst of new visitors or sessions
 * costs a commit per batch instead of one each. A lone row on an idle writer goes at once. If
 * the batch fails, each row is inserted alone, so one row's trouble stays its own.
 *
 * Raw SQL: the caller makes the id and timestamps, so no model instance is built. On this path
 * (every new visitor and session) Sequelize's instances, validation and hooks cost more CPU
 * than the database does. On SQLite the statements run on the writer connection, in turn with
 * the message batches (`inWriteTransaction`).
 *
 * @example
 *   const visitors = createBatchedInsert(db, visitorsTable(db.sequelize));
 *   await visitors.insert({ id: randomUUID(), widgetId, at: new Date() });
 */
export function createBatchedInsert<R>(db: Database, table: InsertTable<R>): BatchedInsert<R> {
  const listeners = new Set<(rows: number) => void>();
  const insertSql = (rows: R[]) => {
    listeners.forEach((listener) => listener(rows.length));
    return multiRowInsert(
      table.name,
      table.columns,
      rows.map((row) => table.values(row)),
    );
  };
  const insertAlone = async (row: R): Promise<Settled<void>> => {
    try {
      await writeOne(db, ...insertSql([row]));
      return { ok: true, value: undefined };
    } catch (error) {
      return { ok: false, error };
    }
  };
  const writer = createGroupCommit<R, void>({
    maxBatchSize: MAX_BATCH_SIZE,
    maxWaitMs: 0,
    async flush(rows): Promise<Array<Settled<void>>> {
      if (rows.length === 1) return [await insertAlone(rows[0]!)];
      try {
        await inWriteTransaction(db, (sql) => sql.run(...insertSql(rows)));
        return rows.map(() => ({ ok: true, value: undefined }));
      } catch (error) {
        // The database did not answer in time: each row alone would wait as long again.
        if (error instanceof WriterStatementTimeout) return rows.map(() => ({ ok: false, error }));
        const results: Array<Settled<void>> = [];
        for (const row of rows) results.push(await insertAlone(row));
        return results;
      }
    },
  });
  return {
    insert: (row) => writer.submit(row),
    observe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
