import type { Sequelize } from 'sequelize';
import type { OrderedConnection } from './writer-connection.ts';

export { openSqliteConnection } from './sqlite-ordered-connection.ts';

/** What this module needs of a mysql2 connection (callback API, as Sequelize's pool hands it). */
interface MysqlConnection {
  query(
    sql: string,
    values: unknown[],
    callback: (error: (Error & { fatal?: boolean }) | null, rows: unknown) => void,
  ): void;
}

interface PoolManager {
  getConnection(options?: object): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
}

function isPoolManager(manager: object): manager is PoolManager {
  return 'getConnection' in manager && 'releaseConnection' in manager;
}

/**
 * A MySQL/MariaDB connection taken from Sequelize's pool for good, so it has the same settings
 * (time zone, type casting) as every other; mysql2 runs its queries in the order sent. A lost
 * connection is given back and the next transaction takes another.
 */
export async function openMysqlConnection(sequelize: Sequelize): Promise<OrderedConnection> {
  // The pool's connection methods are not in Sequelize's public types.
  const manager: object = sequelize.connectionManager;
  if (!isPoolManager(manager)) throw new Error('expected Sequelize’s connection manager');
  const connection = (await manager.getConnection({ type: 'write' })) as MysqlConnection;
  let isBroken = false;
  const query = <T>(sql: string, params: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      connection.query(sql, params, (error, rows) => {
        if (error) {
          if (error.fatal) isBroken = true;
          reject(error);
        } else resolve(rows as T);
      });
    });
  return {
    run: async (sql, params) => {
      await query(sql, params);
    },
    all: <T extends object>(sql: string, params: unknown[]) => query<T[]>(sql, params),
    close: () => manager.releaseConnection(connection),
    isBroken: () => isBroken,
  };
}
