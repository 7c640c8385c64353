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
  connections: Record<string, SqliteConnection>;
  getConnection(options?: { uuid?: string }): Promise<SqliteConnection>;
  releaseConnection(connection: SqliteConnection, force?: boolean): void;
  destroyConnection(connection: SqliteConnection): Promise<void>;
  _onProcessExit(): Promise<void>;
}

function isSqliteConnectionManager(manager: object): manager is SqliteConnectionManager {
  return 'connections' in manager && '_onProcessExit' in manager && 'getConnection' in manager;
}

/** How long closing waits for the queries and transactions under way. */
const CLOSE_WAIT_MS = 5_000;

/** Transaction connections kept open for the next transactions (a node writes one at a time). */
const MAX_SPARE_CONNECTIONS = 4;

/**
 * Sequelize's SQLite dialect runs no `afterConnect` hook and opens a separate connection for
 * each transaction, then closes it. The connection manager is wrapped so that the pragmas are
 * applied once per connection, before its first use, and so that a transaction's connection is
 * kept for the next transaction instead of being closed: opening one (the file, the WAL index,
 * four pragmas) cost more than the statements of a small group commit (profiled under
 * `pnpm bench`).
 */
function configureEachSqliteConnection(sequelize: Sequelize): void {
  // The SQLite manager's connection list and exit hook are not in Sequelize's public types.
  const manager: object = sequelize.connectionManager;
  if (!isSqliteConnectionManager(manager))
    throw new Error('expected Sequelize’s SQLite connection manager');
  const getConnection = manager.getConnection.bind(manager);
  const releaseConnection = manager.releaseConnection.bind(manager);
  const onProcessExit = manager._onProcessExit.bind(manager);
  const isConfigured = new WeakSet<SqliteConnection>();
  const spare: SqliteConnection[] = [];
  let isClosing = false;
  // Connections handed out and not yet released (queries and transactions under way): closing
  // waits for them, since Sequelize runs a query on a closed connection inside a callback whose
  // promise nobody awaits (an unhandled rejection, which ends the process).
  let inUse = 0;
  let onIdle: (() => void) | undefined;
  const released = () => {
    inUse = Math.max(0, inUse - 1);
    if (inUse === 0) onIdle?.();
  };
  manager.getConnection = async (options) => {
    if (isClosing) throw new Error('the database is closing');
    // Counted before the first await: a close that begins meanwhile waits for this one.
    inUse += 1;
    try {
      const uuid = options?.uuid;
      const reused =
        uuid && uuid !== 'default' && !manager.connections[uuid] ? spare.pop() : undefined;
      if (reused) {
        manager.connections[uuid!] = reused;
        return reused;
      }
      return await configured(await getConnection(options));
    } catch (error) {
      released();
      throw error;
    }
  };
  const configured = async (connection: SqliteConnection) => {
    if (!isConfigured.has(connection)) {
      isConfigured.add(connection);
      // Sequelize sends `PRAGMA FOREIGN_KEYS=ON` without a callback as it opens a connection; if
      // the database closes meanwhile, sqlite3 emits the failure, which would end the process.
      connection.on('error', (error) => {
        if (!isClosing) throw error;
      });
      await configureSqlite(connection);
    }
    return connection;
  };
  manager.releaseConnection = (connection, force) => {
    const { uuid } = connection;
    released();
    const isMemory = connection.filename === ':memory:';
    if (isClosing && !isMemory && uuid) {
      // Closing may already have closed it (a transaction that ended during shutdown); Sequelize
      // would close it again without a callback, which throws outside any caller.
      delete manager.connections[uuid];
      void closeQuietly(connection);
      return;
    }
    // The shared connection (no uuid) stays open until the database closes.
    if (isClosing || force || isMemory || !uuid || spare.length >= MAX_SPARE_CONNECTIONS) {
      releaseConnection(connection, force);
      return;
    }
    delete manager.connections[uuid];
    // A COMMIT that failed leaves its transaction open: end it before anyone reuses the
    // connection (on a clean one this fails at once with "no transaction is active").
    connection.run('ROLLBACK', () => {
      if (isClosing) void closeQuietly(connection);
      else spare.push(connection);
    });
  };
  // A transaction whose COMMIT or ROLLBACK failed ends here instead of in `releaseConnection`:
  // its connection is in an unknown state and is closed (Sequelize hands it to a pool SQLite
  // does not use).
  manager.destroyConnection = async (connection) => {
    released();
    if (connection.uuid) delete manager.connections[connection.uuid];
    await closeQuietly(connection);
  };
  manager._onProcessExit = async () => {
    isClosing = true;
    if (inUse > 0)
      await new Promise<void>((resolve) => {
        onIdle = resolve;
        setTimeout(resolve, CLOSE_WAIT_MS).unref();
      });
    // Every connection is closed here, quietly: Sequelize's own exit hook fails the whole close
    // on a connection that some other path has closed already.
    const open = [...spare.splice(0), ...Object.values(manager.connections)];
    for (const key of Object.keys(manager.connections)) delete manager.connections[key];
    await Promise.all(open.map(closeQuietly));
    await onProcessExit();
  };
}

/** Closes a connection; one already closed is not an error here. */
function closeQuietly(connection: SqliteConnection): Promise<void> {
  return new Promise((resolve) => connection.close(() => resolve()));
}

interface SqliteConnection {
  /** Set by Sequelize while the connection serves a transaction. */
  uuid?: string;
  filename: string;
  run(sql: string, callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}

function runSql(connection: Pick<SqliteConnection, 'run'>, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    connection.run(sql, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * WAL lets readers run beside the writer; synchronous=FULL makes a commit durable before the
 * ack; the busy timeout makes concurrent writers wait instead of failing with SQLITE_BUSY.
 */
export async function configureSqlite(connection: Pick<SqliteConnection, 'run'>): Promise<void> {
  await runSql(connection, 'PRAGMA journal_mode = WAL');
  await runSql(connection, 'PRAGMA synchronous = FULL');
  await runSql(connection, 'PRAGMA busy_timeout = 10000');
  await runSql(connection, 'PRAGMA foreign_keys = ON');
}
