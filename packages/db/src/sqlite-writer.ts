import sqlite3 from 'sqlite3';
import { configureSqlite } from './connection.ts';

/** Statements inside one transaction; values are bound in order to the `?` placeholders. */
export interface SqlStatements {
  /** Rows as the driver returns them (SQLite: dates and JSON as text). */
  select<T extends object>(sql: string, params: unknown[]): Promise<T[]>;
  /** An INSERT, UPDATE or DELETE. */
  run(sql: string, params: unknown[]): Promise<void>;
}

export interface SqliteWriter {
  /**
   * Runs `work` between `BEGIN IMMEDIATE` and `COMMIT` on the writer's own connection, one
   * transaction at a time; rolls back and rethrows if `work` or the commit fails.
   */
  transaction<T>(work: (statements: SqlStatements) => Promise<T>): Promise<T>;
  /** One statement on its own (it commits by itself), in turn with the transactions. */
  run(sql: string, params: unknown[]): Promise<void>;
  /** Calls `listener` with each statement's SQL as it is sent (tests, diagnostics). */
  observe(listener: (sql: string) => void): () => void;
  close(): Promise<void>;
}

/**
 * A SQLite connection of its own for one hot writer (the message store's group commit).
 *
 * Statements are queued back to back on a serialized connection, so work may send several
 * before it awaits any: `BEGIN IMMEDIATE` goes out with the first statement, and statements that
 * do not depend on each other go together. Each wait for the driver is a trip through the thread
 * pool and back through a busy event loop; through Sequelize a batch cost seven of them (and
 * Sequelize's per-query work), which made a 1 ms transaction take 12 ms under load (profiled
 * under `pnpm bench`).
 *
 * The connection opens on first use with the pragmas every Parley SQLite connection has (WAL,
 * synchronous=FULL, busy timeout, foreign keys).
 */
export function createSqliteWriter(storage: string): SqliteWriter {
  let opened: Promise<sqlite3.Database> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const listeners = new Set<(sql: string) => void>();
  const open = () =>
    (opened ??= new Promise<sqlite3.Database>((resolve, reject) => {
      const connection = new sqlite3.Database(storage, (error) => {
        if (error) return reject(error);
        connection.serialize();
        configureSqlite(connection).then(() => resolve(connection), reject);
      });
    }));

  const runOne = (connection: sqlite3.Database, sql: string, params: unknown[] = []) =>
    new Promise<void>((resolve, reject) => {
      listeners.forEach((listener) => listener(sql));
      connection.run(sql, params, (error: Error | null) => (error ? reject(error) : resolve()));
    });

  const runTransaction = async <T>(work: (statements: SqlStatements) => Promise<T>) => {
    const connection = await open();
    // Not awaited before the first statement: BEGIN and a first SELECT travel together. A write
    // is only sent once BEGIN has succeeded, so nothing can run outside the transaction.
    const begun = runOne(connection, 'BEGIN IMMEDIATE');
    let hasBegun = false;
    const afterBegin = begun.then(() => {
      hasBegun = true;
    });
    afterBegin.catch(() => undefined);
    const statements: SqlStatements = {
      select: <R extends object>(sql: string, params: unknown[]) =>
        new Promise<R[]>((resolve, reject) => {
          listeners.forEach((listener) => listener(sql));
          connection.all<R>(sql, params, (error, rows) => (error ? reject(error) : resolve(rows)));
        }).then(async (rows) => {
          // Rows read outside a transaction (BEGIN failed) are not to be acted on.
          await afterBegin;
          return rows;
        }),
      run: async (sql, params) => {
        if (!hasBegun) await afterBegin;
        return runOne(connection, sql, params);
      },
    };
    try {
      const result = await work(statements);
      await afterBegin;
      await runOne(connection, 'COMMIT');
      return result;
    } catch (error) {
      // Fails harmlessly when BEGIN itself failed: no transaction is open then.
      await runOne(connection, 'ROLLBACK').catch(() => undefined);
      throw error;
    }
  };

  const inTurn = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task);
    queue = result.catch(() => undefined);
    return result;
  };

  return {
    transaction: (work) => inTurn(() => runTransaction(work)),
    run: (sql, params) => inTurn(async () => runOne(await open(), sql, params)),
    observe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await queue;
      if (!opened) return;
      const connection = await opened.catch(() => undefined);
      opened = undefined;
      await new Promise<void>((resolve) =>
        connection ? connection.close(() => resolve()) : resolve(),
      );
    },
  };
}

/** A unique-index violation, from Sequelize or from the SQLite driver directly. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'SequelizeUniqueConstraintError') return true;
  return (
    (error as { code?: string }).code === 'SQLITE_CONSTRAINT' &&
    error.message.includes('UNIQUE constraint failed')
  );
}
