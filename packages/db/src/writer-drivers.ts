import type { Sequelize } from 'sequelize';
import type { OrderedConnection } from './writer-connection.ts';

export { openSqliteConnection } from './sqlite-ordered-connection.ts';

/** What this module needs of a mysql2 connection (callback API, as Sequelize's pool hands it). */
interface MysqlConnection {
  query(
    options: { sql: string; values: unknown[]; timeout?: number },
    callback: (error: (Error & { fatal?: boolean; code?: string }) | null, rows: unknown) => void,
  ): void;
  /** Closes the socket at once; queries sent after it fail at once. */
  destroy(): void;
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
 * connection is given back and the next transaction takes another.
 *
 * Every statement has `statementTimeoutMs` to answer. mysql2 would wait for ever on a database
 * that stalls or a network that drops packets, and every hot write (all messages of all
 * visitors) waits in turn behind this one connection. On a timeout the connection is closed,
 * which ends its transaction on the server (rolled back), and the next transaction opens another.
 */
export async function openMysqlConnection(
  sequelize: Sequelize,
  options: { statementTimeoutMs: number },
): Promise<OrderedConnection> {
  // The pool's connection methods are not in Sequelize's public types.
  const manager: object = sequelize.connectionManager;
  if (!isPoolManager(manager)) throw new Error('expected Sequelize’s connection manager');
  const connection = (await manager.getConnection({ type: 'write' })) as MysqlConnection;
  let isBroken = false;
  // Statements sent and not yet answered. mysql2 never answers those queued behind a statement
  // that timed out once the connection is closed, so they are failed here.
  const unanswered = new Set<(error: Error) => void>();
  const giveUp = () => {
    isBroken = true;
    connection.destroy();
    const timeout = new WriterStatementTimeout(options.statementTimeoutMs);
    unanswered.forEach((fail) => fail(timeout));
    unanswered.clear();
  };
  const query = <T>(sql: string, params: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      unanswered.add(reject);
      connection.query(
        { sql, values: params, timeout: options.statementTimeoutMs },
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
  return {
    run: async (sql, params) => {
      await query(sql, params);
    },
    all: <T extends object>(sql: string, params: unknown[]) => query<T[]>(sql, params),
    close: async () => {
      if (!isBroken) return manager.releaseConnection(connection);
      // Closed here first: the pool would otherwise say goodbye to a database that may not answer.
      connection.destroy();
      await manager.destroyConnection(connection);
    },
    isBroken: () => isBroken,
  };
}
