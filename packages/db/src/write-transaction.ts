import { QueryTypes, Transaction } from 'sequelize';
import type { Database } from './database.ts';
import type { SqlStatements } from './writer-connection.ts';

/**
 * Runs `work` in a write transaction of raw statements, on the database's writer connection,
 * in turn with the process's other hot writes (messages, new visitors and sessions, the
 * assistant's bookkeeping): see `createWriterConnection`. An in-memory SQLite database has no
 * writer: there it is a Sequelize transaction (`IMMEDIATE`, so the write lock is taken at BEGIN).
 *
 * @example
 *   await inWriteTransaction(db, (sql) => sql.run('UPDATE t SET n = n + 1 WHERE id = ?', [id]));
 */
export function inWriteTransaction<T>(
  db: Database,
  work: (sql: SqlStatements) => Promise<T>,
): Promise<T> {
  if (db.writer) return db.writer.transaction(work);
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

/** One write statement that commits by itself, in turn on the writer connection. */
export async function writeOne(db: Database, sql: string, params: unknown[]): Promise<void> {
  if (db.writer) return db.writer.run(sql, params);
  await db.sequelize.query(sql, { replacements: params });
}
