import type { Sequelize } from 'sequelize';
import { withDeadline } from './deadline.ts';
import type { OrderedConnection } from './writer-connection.ts';

export { openSqliteConnection } from './sqlite-ordered-connection.ts';

/** What this module needs of a mysql2 connection (callback API, as Sequelize's pool hands it). */
interface MysqlConnection {
  query(
    options: { sql: string; values: unknown[]; timeout?: number },
    callback: (error: (Error & { fatal?: boolean; code?: string }) | null, rows: unknown) => void,
  ): void;
  /** Ends the connection (queries sent after it fail at once); `stream` is its socket. */
  destroy(): void;
  stream: { destroy(): void };
}

interface PoolManager {
  getConnection(options?: object): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
  destroyConnection(connection: unknown): Promise<void>;
}

function isPoolManager(manager: object): manager is PoolManager {
  return (
    'getConnection' in manager && 'releaseConnection' in manager && 'destroyConnection' in manager
  );
}

/** A statement of the writer that got no answer in time; its connection is closed. */
export class WriterStatementTimeout extends Error {
  readonly code = 'WRITER_STATEMENT_TIMEOUT';
  constructor(timeoutMs: number) {
    super(`the database did not answer a write within ${timeoutMs} ms; its connection was closed`);
  }
}

/**
 * A MySQL/MariaDB connection taken from Sequelize's pool for good, so it has the same settings
 * (time zone, type casting) as every other; mysql2 runs its queries in the order sent. A lost
 * connection is ended and the next transaction takes another. Autocommit is off on it: each
 * transaction starts with its first statement and ends with the writer's COMMIT or ROLLBACK.
 *
 * Every statement but COMMIT has `statementTimeoutMs` to answer. mysql2 would wait for ever on a
 * database that stalls or a network that drops packets, and every hot write (all messages of all
 * visitors) waits in turn behind this one connection. On a timeout the socket is closed and the
 * next transaction opens another connection; the server rolls the old one's transaction back
 * when it sees the socket closed, and on MariaDB at the latest after
 * `idle_write_transaction_timeout` (set on this connection), so its row locks do not outlive it
 * by hours when the network lost the close. COMMIT waits as long as it takes: once sent it may
 * have committed, and a message is answered only once its commit's outcome is known (never
 * acked and lost, never refused and stored).
 */
export async function openMysqlConnection(
  sequelize: Sequelize,
  options: { statementTimeoutMs: number },
): Promise<OrderedConnection> {
  // The pool's connection methods are not in Sequelize's public types.
  const manager: object = sequelize.connectionManager;
  if (!isPoolManager(manager)) throw new Error('expected Sequelize’s connection manager');
  const connection = (await acquireInTime(manager, options.statementTimeoutMs)) as MysqlConnection;
  let isBroken = false;
  // Statements sent and not yet answered. mysql2 never answers those queued behind a statement
  // that timed out once the connection is closed, so they are failed here.
  const unanswered = new Set<(error: Error) => void>();
  const giveUp = () => {
    isBroken = true;
    connection.destroy();
    connection.stream.destroy();
    const timeout = new WriterStatementTimeout(options.statementTimeoutMs);
    unanswered.forEach((fail) => fail(timeout));
    unanswered.clear();
  };
  const query = <T>(sql: string, params: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      unanswered.add(reject);
      connection.query(
        { sql, values: params, timeout: sql === 'COMMIT' ? undefined : options.statementTimeoutMs },
        (error, rows) => {
          // Fails this statement and every one queued behind it.
          if (error?.code === 'PROTOCOL_SEQUENCE_TIMEOUT') return giveUp();
          unanswered.delete(reject);
          if (!error) return resolve(rows as T);
          if (error.fatal) isBroken = true;
          reject(error);
        },
      );
    });
  // MariaDB only (MySQL has no such setting and refuses it, which is fine): a transaction left
  // open by a connection given up on ends after this long idle, whatever became of the socket.
  const idleSeconds = Math.max(5, Math.ceil((2 * options.statementTimeoutMs) / 1000));
  await query(`SET SESSION idle_write_transaction_timeout = ${idleSeconds}`, []).catch(
    async (error: unknown) => {
      if (!isBroken) return;
      // No answer even to this: the connection goes back as broken, and the open fails.
      await manager.destroyConnection(connection).catch(() => undefined);
      throw error;
    },
  );
  // A transaction starts with its first statement: no START TRANSACTION, one round trip fewer
  // per batch (`beginStatement`). This connection is never given back to the pool, so the
  // setting stays with the writer.
  await query('SET SESSION autocommit = 0', []).catch(async (error: unknown) => {
    await manager.destroyConnection(connection).catch(() => undefined);
    throw error;
  });
  return {
    run: async (sql, params) => {
      await query(sql, params);
    },
    all: <T extends object>(sql: string, params: unknown[]) => query<T[]>(sql, params),
    // Ended, not given back to the pool: it carries the writer's session setting above, and a
    // broken one must not be used again. Closed here first: the pool would otherwise say goodbye
    // to a database that may not answer.
    close: async () => {
      connection.destroy();
      await manager.destroyConnection(connection);
    },
    isBroken: () => isBroken,
  };
}

/**
 * A connection from the pool within `timeoutMs`: a database that does not answer would otherwise
 * hold the writer for the pool's whole acquire time (and a connect timeout per attempt). One
 * that arrives too late goes back to the pool.
 */
async function acquireInTime(manager: PoolManager, timeoutMs: number): Promise<unknown> {
  const acquired = manager.getConnection({ type: 'write' });
  return withDeadline(acquired, timeoutMs, () => new WriterStatementTimeout(timeoutMs)).catch(
    (error: unknown) => {
      acquired.then((connection) => manager.releaseConnection(connection)).catch(() => undefined);
      throw error;
    },
  );
}
