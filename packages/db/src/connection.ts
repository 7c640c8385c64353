import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Sequelize, type Options } from 'sequelize';
import type { DatabaseTarget } from './database-url.ts';

export interface ConnectOptions {
  target: DatabaseTarget;
  /** Called with each SQL statement; off by default so queries never reach the logs. */
  logSql?: (sql: string) => void;
  poolMax?: number;
}

/**
 * Creates the Sequelize instance for a target. Does not touch the network until first use;
 * call `sequelize.authenticate()` to check reachability.
 */
export function createSequelize(options: ConnectOptions): Sequelize {
  const common: Options = {
    logging: options.logSql ?? false,
    define: { underscored: true, freezeTableName: true },
    pool: { max: options.poolMax ?? 10, min: 0, acquire: 10_000, idle: 10_000 },
  };
  const { target } = options;
  if (target.dialect === 'sqlite') {
    if (target.storage !== ':memory:') mkdirSync(dirname(target.storage), { recursive: true });
    const sequelize = new Sequelize({ ...common, dialect: 'sqlite', storage: target.storage });
    configureEachSqliteConnection(sequelize);
    return sequelize;
  }
  return new Sequelize(target.url, {
    ...common,
    dialect: 'mysql',
    timezone: '+00:00',
    dialectOptions: { connectTimeout: 5_000, dateStrings: false, supportBigNumbers: true },
  });
}

interface SqliteConnectionManager {
  getConnection(options?: unknown): Promise<SqliteConnection>;
}

/**
 * Sequelize's SQLite dialect runs no `afterConnect` hook and opens a separate connection for
 * each transaction, so the pragmas are applied by wrapping the connection manager: once per
 * connection, before its first use.
 */
function configureEachSqliteConnection(sequelize: Sequelize): void {
  // The SQLite manager's `getConnection` is not in Sequelize's public types.
  const manager = sequelize.connectionManager as SqliteConnectionManager;
  const getConnection = manager.getConnection.bind(manager);
  const configured = new WeakSet<SqliteConnection>();
  manager.getConnection = async (options) => {
    const connection = await getConnection(options);
    if (!configured.has(connection)) {
      configured.add(connection);
      await configureSqlite(connection);
    }
    return connection;
  };
}

interface SqliteConnection {
  run(sql: string, callback: (error: Error | null) => void): void;
}

function runSql(connection: SqliteConnection, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    connection.run(sql, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * WAL lets readers run beside the writer; synchronous=FULL makes a commit durable before the
 * ack; the busy timeout makes concurrent writers wait instead of failing with SQLITE_BUSY.
 */
async function configureSqlite(connection: SqliteConnection): Promise<void> {
  await runSql(connection, 'PRAGMA journal_mode = WAL');
  await runSql(connection, 'PRAGMA synchronous = FULL');
  await runSql(connection, 'PRAGMA busy_timeout = 10000');
  await runSql(connection, 'PRAGMA foreign_keys = ON');
}
