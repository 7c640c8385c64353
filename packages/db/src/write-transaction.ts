import { QueryTypes, Transaction } from 'sequelize';
import type { Database } from './database.ts';
import type { SqlStatements } from './sqlite-writer.ts';

/**
 * Runs `work` in a write transaction of raw statements. On a SQLite file it runs on the
 * database's writer connection, in turn with the process's other hot writes (messages, new
 * visitors and sessions, the assistant's bookkeeping): they never wait for each other's lock,
 * where SQLite's busy handler would sleep in steps of milliseconds. Otherwise in a Sequelize
 * transaction (SQLite in memory: `IMMEDIATE`, so the write lock is taken at BEGIN).
 *
 * @example
 *   await inWriteTransaction(db, (sql) => sql.run('UPDATE t SET n = n + 1 WHERE id = ?', [id]));
 */
export function inWriteTransaction<T>(
  db: Database,
  work: (sql: SqlStatements) => Promise<T>,
): Promise<T> {
  if (db.sqliteWriter) return db.sqliteWriter.transaction(work);
  const isSqlite = db.target.dialect === 'sqlite';
  return db.sequelize.transaction(
    isSqlite ? { type: Transaction.TYPES.IMMEDIATE } : {},
    (transaction) =>
      work({
        select: <R extends object>(sql: string, params: unknown[]) =>
          db.sequelize.query<R>(sql, {
            replacements: params,
            transaction,
            type: QueryTypes.SELECT,
          }),
        run: async (sql, params) => {
          await db.sequelize.query(sql, { replacements: params, transaction });
        },
      }),
  );
}

/** One write statement that commits by itself; on a SQLite file in turn on the writer connection. */
export async function writeOne(db: Database, sql: string, params: unknown[]): Promise<void> {
  if (db.sqliteWriter) return db.sqliteWriter.run(sql, params);
  await db.sequelize.query(sql, { replacements: params });
}
