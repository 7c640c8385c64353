import type { Sequelize } from 'sequelize';
import { createSequelize } from './connection.ts';
import { describeTarget, parseDatabaseUrl, type DatabaseTarget } from './database-url.ts';
import type { MigrationSecretBox } from './migrations/migration-kit.ts';
import { createMigrator, listPendingMigrations, type Migrator } from './migrations/migrator.ts';
import { initModels, type Models } from './models/index.ts';
import {
  beginStatement,
  createWriterConnection,
  type WriterConnection,
} from './writer-connection.ts';
import { openMysqlConnection, openSqliteConnection } from './writer-drivers.ts';
import { createReaderConnection, type ReaderConnection } from './reader-connection.ts';
import { createWalCheckpointer } from './wal-checkpointer.ts';

export interface Database {
  sequelize: Sequelize;
  models: Models;
  migrator: Migrator;
  target: DatabaseTarget;
  /**
   * A connection of its own for the hot writes (`inWriteTransaction`, `writeOne`), opened on
   * first use. Absent for an in-memory SQLite database (a second connection would be another
   * database).
   */
  writer: WriterConnection | undefined;
  /**
   * SQLite file only: a connection of its own for hot raw reads (`selectRows`), opened on first
   * use. On MySQL those go through Sequelize's pool.
   */
  reader: ReaderConnection | undefined;
  /** `true` when the database answers a trivial query. */
  isReachable(): Promise<boolean>;
  /** Names of migrations not yet applied. */
  pendingMigrations(): Promise<string[]>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `DATABASE_URL`; unset selects the embedded SQLite file at `sqliteStorage`. */
  url: string | undefined;
  sqliteStorage: string;
  logSql?: (sql: string) => void;
  poolMax?: number;
  migrationsDir?: string;
  /** Handed to migrations that encrypt or decrypt a column (built on `ENCRYPTION_KEY`). */
  secretBox?: MigrationSecretBox;
  /** MySQL: how long the hot-path writer waits for one statement before closing its connection. */
  writerStatementTimeoutMs?: number;
}

/** SQLite: how often the write-ahead log is copied back into the database file (`wal-checkpointer.ts`). */
const WAL_CHECKPOINT_MS = 250;
/** SQLite: log size (pages) past which it is made to start over; SQLite's own default is 1,000. */
const WAL_RESTART_FRAMES = 1_000;

/** MySQL: the writer connection goes back to the pool after this long idle (the pool's own idle limit is 10 s). */
const WRITER_IDLE_CLOSE_MS = 5_000;
/**
 * MySQL: a message behind a stalled batch waits for that batch, then for its own connection and
 * statement: three of these stay under the widget's 10 s wait for an ack.
 */
export const WRITER_STATEMENT_TIMEOUT_MS = 3_000;

/**
 * Opens a database: connection, models with their associations, and the migrator.
 * Connects lazily; nothing is migrated here.
 *
 * @example
 * const db = openDatabase({ url: process.env.DATABASE_URL, sqliteStorage: './data/parley.sqlite' });
 * await db.migrator.up();
 */
export function openDatabase(options: OpenDatabaseOptions): Database {
  const target = parseDatabaseUrl(options.url, options.sqliteStorage);
  const sequelize = createSequelize({ target, logSql: options.logSql, poolMax: options.poolMax });
  const models = initModels(sequelize);
  const migrator = createMigrator(sequelize, options.migrationsDir, options.secretBox);
  // A second connection to an in-memory (or unnamed, temporary) SQLite database is another one.
  const isTemporarySqlite =
    target.dialect === 'sqlite' && (target.storage === ':memory:' || target.storage === '');
  const checkpoints =
    target.dialect === 'sqlite' && !isTemporarySqlite
      ? createWalCheckpointer({
          open: () => openSqliteConnection(target.storage),
          intervalMs: WAL_CHECKPOINT_MS,
          checkpointInTurn: () => writer!.run('PRAGMA wal_checkpoint(PASSIVE)', []),
          restartAfterFrames: WAL_RESTART_FRAMES,
        })
      : undefined;
  const writer = isTemporarySqlite
    ? undefined
    : createWriterConnection({
        open: () => {
          if (target.dialect !== 'sqlite')
            return openMysqlConnection(sequelize, {
              statementTimeoutMs: options.writerStatementTimeoutMs ?? WRITER_STATEMENT_TIMEOUT_MS,
            });
          checkpoints?.start();
          return openSqliteConnection(target.storage, { autoCheckpoint: false });
        },
        begin: beginStatement(sequelize),
        ...(target.dialect === 'sqlite' ? {} : { idleCloseMs: WRITER_IDLE_CLOSE_MS }),
      });
  const reader =
    target.dialect === 'sqlite' && !isTemporarySqlite
      ? createReaderConnection(() => openSqliteConnection(target.storage))
      : undefined;
  return {
    sequelize,
    models,
    migrator,
    target,
    writer,
    reader,
    isReachable: async () => {
      try {
        await sequelize.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    pendingMigrations: () => listPendingMigrations(migrator),
    close: async () => {
      await Promise.all([writer?.close(), reader?.close(), checkpoints?.close()]);
      await sequelize.close();
    },
  };
}

export { describeTarget };
