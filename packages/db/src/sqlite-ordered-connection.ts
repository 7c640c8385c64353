import sqlite3 from 'sqlite3';
import { configureSqlite } from './connection.ts';
import type { OrderedConnection } from './writer-connection.ts';

/** Prepared statements kept per connection; the least recently used beyond this are finalized. */
const MAX_PREPARED = 64;

/**
 * A sqlite3 connection with the pragmas every Parley SQLite connection has (WAL,
 * synchronous=FULL, busy timeout, foreign keys) that runs statements in the order sent, each
 * on a prepared statement kept for the next time the same SQL comes.
 *
 * Why prepared statements: `Database#run` prepares, runs and finalizes a statement each time,
 * two trips through the thread pool and back through an event loop busy with sockets; a kept
 * statement runs in one. The hot SQL repeats (the same locked SELECT, UPDATE, BEGIN and COMMIT
 * for every batch; an INSERT per batch size). Why the queue: sqlite3 keeps a prepared
 * statement's runs in order only among themselves, so the order between statements is kept
 * here, each one sent when the one before it has finished.
 */
export function openSqliteConnection(
  storage: string,
  options: { autoCheckpoint?: boolean } = {},
): Promise<OrderedConnection> {
  return new Promise((resolve, reject) => {
    const connection = new sqlite3.Database(storage, (error) => {
      if (error) return reject(error);
      configureSqlite(connection)
        .then(() =>
          // The writer leaves checkpoints to a connection of its own (`createWalCheckpointer`).
          options.autoCheckpoint === false
            ? new Promise<void>((done, fail) =>
                connection.run('PRAGMA wal_autocheckpoint = 0', (failed) =>
                  failed ? fail(failed) : done(),
                ),
              )
            : undefined,
        )
        .then(() => resolve(orderedConnection(connection)), reject);
    });
  });
}

function orderedConnection(connection: sqlite3.Database): OrderedConnection {
  // Map order is use order: a statement is moved to the end each time it is taken.
  const prepared = new Map<string, Promise<sqlite3.Statement>>();
  let last: Promise<unknown> = Promise.resolve();
  const finalize = (statement: Promise<sqlite3.Statement>) =>
    statement.then(
      (kept) => new Promise<void>((done) => kept.finalize(() => done())),
      () => undefined,
    );
  const statementFor = (sql: string): Promise<sqlite3.Statement> => {
    const kept = prepared.get(sql);
    if (kept) {
      prepared.delete(sql);
      prepared.set(sql, kept);
      return kept;
    }
    const statement = new Promise<sqlite3.Statement>((resolve, reject) => {
      const created = connection.prepare(sql, (error) =>
        error ? reject(error) : resolve(created),
      );
    });
    // SQL that cannot be prepared (a missing table, a syntax error) is prepared again next time.
    statement.catch(() => {
      if (prepared.get(sql) === statement) prepared.delete(sql);
    });
    prepared.set(sql, statement);
    if (prepared.size > MAX_PREPARED) {
      const [oldestSql, oldest] = prepared.entries().next().value!;
      prepared.delete(oldestSql);
      void finalize(oldest);
    }
    return statement;
  };
  /** Runs `work` once every statement sent before it has finished. */
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const result = last.then(work, work);
    last = result.catch(() => undefined);
    return result;
  };
  /**
   * Steps a kept statement to its end (`all`, also for writes: a statement stopped early, by a
   * row or by an error such as SQLITE_BUSY, would stay active and keep its transaction or read
   * snapshot open); after an error it is reset before the next statement goes.
   */
  const step = async <T>(sql: string, params: unknown[]): Promise<T[]> => {
    const statement = await statementFor(sql);
    try {
      return await new Promise<T[]>((done, fail) => {
        statement.all<T>(params, (error, rows) => (error ? fail(error) : done(rows)));
      });
    } catch (error) {
      await new Promise<void>((done) => statement.reset(() => done()));
      throw error;
    }
  };
  return {
    run: (sql, params) =>
      inTurn(async () => {
        await step(sql, params);
      }),
    all: <T extends object>(sql: string, params: unknown[]) => inTurn(() => step<T>(sql, params)),
    close: () =>
      inTurn(async () => {
        await Promise.all([...prepared.values()].map(finalize));
        prepared.clear();
        await new Promise<void>((done) => connection.close(() => done()));
      }),
    isBroken: () => false,
  };
}
