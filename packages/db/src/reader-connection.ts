import type { OrderedConnection } from './writer-connection.ts';

/** A connection of its own for hot raw reads (`selectRows`), opened on first use. */
export interface ReaderConnection {
  /** Rows as the driver returns them (SQLite: dates and JSON as text). */
  select<T extends object>(sql: string, params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * SQLite only: reads on the hot path (every answer reads the session's status with its
 * visitor, and the history) go straight to a sqlite3 connection of their own. Through Sequelize
 * each read also built its query object and the stack of an Error for its error message
 * (profiled under `pnpm bench`: about a fifth of what an answer's reads cost). In WAL mode a
 * read sees every transaction committed before it started, whichever connection wrote it.
 *
 * @example
 *   const reader = createReaderConnection(() => openSqliteConnection(file));
 *   const rows = await reader.select('SELECT status FROM chat_sessions WHERE id = ?', [id]);
 */
export function createReaderConnection(open: () => Promise<OrderedConnection>): ReaderConnection {
  let opened: Promise<OrderedConnection> | undefined;
  let isClosed = false;
  const connection = () => {
    opened ??= open().catch((error: unknown) => {
      // A failed open is tried again by the next read.
      opened = undefined;
      throw error;
    });
    return opened;
  };
  return {
    async select<T extends object>(sql: string, params: unknown[]) {
      if (isClosed) throw new Error('the database is closed');
      return (await connection()).all<T>(sql, params);
    },
    async close() {
      isClosed = true;
      const current = opened;
      opened = undefined;
      await current?.then((open) => open.close()).catch(() => undefined);
    },
  };
}
