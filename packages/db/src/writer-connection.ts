import type { Sequelize } from 'sequelize';

/** Statements inside one transaction; values are bound in order to the `?` placeholders. */
export interface SqlStatements {
  /** Rows as the driver returns them (SQLite: dates and JSON as text). */
  select<T extends object>(sql: string, params: unknown[]): Promise<T[]>;
  /** An INSERT, UPDATE or DELETE. */
  run(sql: string, params: unknown[]): Promise<void>;
}

export interface WriterConnection {
  /**
   * Runs `work` in a transaction on the writer's own connection, one transaction at a time;
   * rolls back and rethrows if `work` or the commit fails.
   */
  transaction<T>(work: (statements: SqlStatements) => Promise<T>): Promise<T>;
  /** One statement on its own (it commits by itself), in turn with the transactions. */
  run(sql: string, params: unknown[]): Promise<void>;
  /** Calls `listener` with each statement's SQL as it is sent (tests, diagnostics). */
  observe(listener: (sql: string) => void): () => void;
  close(): Promise<void>;
}

/** A driver connection that runs statements in the order they are sent. */
export interface OrderedConnection {
  run(sql: string, params: unknown[]): Promise<void>;
  all<T extends object>(sql: string, params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
  /** The connection can no longer be used (lost); the next transaction opens a new one. */
  isBroken(): boolean;
}

/**
 * A database connection of its own for the process's hot writes (message batches, new visitors
 * and sessions, the assistant's bookkeeping), taken in turn.
 *
 * Statements are queued back to back on a connection that runs them in order, so work may send
 * several before it awaits any: BEGIN goes out with the first statement (MySQL has none: autocommit
 * is off, so the first statement starts the transaction), and statements that do not depend on
 * each other go together. Each wait for the driver is a trip back through an event
 * loop busy with sockets (and on SQLite through the thread pool); through a Sequelize
 * transaction a message batch made seven of them plus Sequelize's work per query, and a 1 ms
 * transaction took 12 ms under load (profiled under `pnpm bench`). On SQLite, taking the hot
 * writes in turn also keeps them from waiting on each other's write lock, where the busy handler
 * sleeps in steps of milliseconds; on MySQL no batch waits for a pool connection.
 *
 * @example
 *   const writer = createWriterConnection({ open: () => openSqliteConnection(file), begin: 'BEGIN IMMEDIATE' });
 *   await writer.transaction(async (sql) => { await sql.run('INSERT …', [a, b]); });
 */
export function createWriterConnection(options: {
  open(): Promise<OrderedConnection>;
  /**
   * The statement that starts a write transaction on this engine; `null` when the connection
   * runs with autocommit off, where the first statement starts one (MySQL: one round trip
   * fewer per transaction).
   */
  begin: string | null;
  /**
   * Give the connection back after this long with nothing to write (MySQL: as the pool would,
   * before a network in between forgets an idle flow); unset keeps it open.
   */
  idleCloseMs?: number;
}): WriterConnection {
  let opened: Promise<OrderedConnection> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let pending = 0;
  let idleTimer: NodeJS.Timeout | undefined;
  let isClosed = false;
  const listeners = new Set<(sql: string) => void>();
  const connect = async () => {
    const current = await opened;
    if (current?.isBroken()) {
      opened = undefined;
      await current.close().catch(() => undefined);
    }
    opened ??= options.open();
    // A failed open is tried again by the next transaction.
    return opened.catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
  };
  const observed = (sql: string) => listeners.forEach((listener) => listener(sql));

  const runTransaction = async <T>(work: (statements: SqlStatements) => Promise<T>) => {
    const connection = await connect();
    // Not awaited before the first statement: BEGIN and a first SELECT travel together. A write
    // is only sent once BEGIN has succeeded, so nothing can run outside the transaction. With no
    // BEGIN (autocommit off), the first statement starts the transaction.
    if (options.begin !== null) observed(options.begin);
    const begun = options.begin === null ? Promise.resolve() : connection.run(options.begin, []);
    let hasBegun = false;
    const afterBegin = begun.then(() => {
      hasBegun = true;
    });
    afterBegin.catch(() => undefined);
    // Once `work` has settled, nothing more may be sent in its name: after a ROLLBACK it would
    // commit by itself, or land in the next transaction.
    let isOver = false;
    const assertOpen = () => {
      if (isOver) throw new Error('the transaction is over');
    };
    const statements: SqlStatements = {
      select: async <R extends object>(sql: string, params: unknown[]) => {
        assertOpen();
        observed(sql);
        const rows = await connection.all<R>(sql, params);
        // Rows read outside a transaction (BEGIN failed) are not to be acted on.
        await afterBegin;
        return rows;
      },
      run: async (sql, params) => {
        assertOpen();
        if (!hasBegun) await afterBegin;
        assertOpen();
        observed(sql);
        return connection.run(sql, params);
      },
    };
    try {
      const result = await work(statements).finally(() => {
        isOver = true;
      });
      await afterBegin;
      observed('COMMIT');
      await connection.run('COMMIT', []);
      return result;
    } catch (error) {
      // Fails harmlessly when BEGIN itself failed: no transaction is open then.
      await connection.run('ROLLBACK', []).catch(() => undefined);
      throw error;
    }
  };
  const closeWhenIdle = () => {
    if (options.idleCloseMs === undefined || pending > 0) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (pending > 0) return;
      const idle = opened;
      opened = undefined;
      void idle?.then((connection) => connection.close()).catch(() => undefined);
    }, options.idleCloseMs);
    idleTimer.unref();
  };
  const inTurn = <T>(task: () => Promise<T>): Promise<T> => {
    if (isClosed) return Promise.reject(new Error('the database is closed'));
    pending += 1;
    clearTimeout(idleTimer);
    const result = queue.then(task);
    queue = result
      .catch(() => undefined)
      .finally(() => {
        pending -= 1;
        closeWhenIdle();
      });
    return result;
  };

  return {
    transaction: (work) => inTurn(() => runTransaction(work)),
    run: (sql, params) =>
      inTurn(async () => {
        const connection = await connect();
        observed(sql);
        if (options.begin !== null) return connection.run(sql, params);
        // Autocommit is off: the statement is a transaction of its own, committed here, and
        // rolled back if it fails (a refused INSERT may still hold the lock it took to check).
        try {
          await connection.run(sql, params);
          observed('COMMIT');
          await connection.run('COMMIT', []);
        } catch (error) {
          await connection.run('ROLLBACK', []).catch(() => undefined);
          throw error;
        }
      }),
    observe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      isClosed = true;
      clearTimeout(idleTimer);
      await queue;
      const connection = await opened?.catch(() => undefined);
      opened = undefined;
      await connection?.close();
    },
  };
}

/**
 * The SQL a connection starts a write transaction with, for `createWriterConnection`: on MySQL
 * none, since the writer's connection runs with autocommit off (`openMysqlConnection`).
 */
export function beginStatement(sequelize: Sequelize): string | null {
  // SQLite: take the one write lock at BEGIN, so the transaction never fails half way.
  return sequelize.getDialect() === 'sqlite' ? 'BEGIN IMMEDIATE' : null;
}

/** A unique-index violation, from Sequelize or from a driver directly (SQLite, MySQL). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'SequelizeUniqueConstraintError') return true;
  const { code } = error as { code?: string };
  return (
    code === 'ER_DUP_ENTRY' ||
    (code === 'SQLITE_CONSTRAINT' && error.message.includes('UNIQUE constraint failed'))
  );
}
