import type { OrderedConnection } from './writer-connection.ts';

export interface WalCheckpointer {
  /** Starts the checkpoints (idempotent); the timer does not keep the process alive. */
  start(): void;
  /** Stops them and closes the connection once a checkpoint under way has finished. */
  close(): Promise<void>;
}

/**
 * SQLite file only: copies the write-ahead log back into the database file from a connection of
 * its own, every `intervalMs`, so the writer connection (opened with `wal_autocheckpoint = 0`)
 * never checkpoints as part of a commit. A checkpoint writes and fsyncs the database file; run
 * inside a commit it held every message batch queued behind it, the slowest commits of a paced
 * load (`pnpm bench`, 1,000 visitors at 2,000 messages/s: COMMIT p90 17 ms, ack p99 median
 * 195 ms over seven runs, against 125 ms with the checkpoints here). PASSIVE never waits for
 * readers or writers; what it cannot copy now is copied next time, and the last connection to
 * close checkpoints the rest and removes the log.
 *
 * @example
 *   const checkpoints = createWalCheckpointer(() => openSqliteConnection(file), 250);
 *   checkpoints.start(); // when the writer opens
 *   await checkpoints.close(); // with the database
 */
export function createWalCheckpointer(
  open: () => Promise<OrderedConnection>,
  intervalMs: number,
): WalCheckpointer {
  let timer: NodeJS.Timeout | undefined;
  let opened: Promise<OrderedConnection> | undefined;
  let running: Promise<void> = Promise.resolve();
  let isRunning = false;
  const checkpoint = async () => {
    opened ??= open();
    try {
      await (await opened).all('PRAGMA wal_checkpoint(PASSIVE)', []);
    } catch {
      // A failed open is tried again next time; a failed checkpoint leaves the log for the next.
      const failed = opened;
      opened = undefined;
      await failed.then((connection) => connection.close()).catch(() => undefined);
    }
  };
  const tick = () => {
    if (isRunning) return;
    isRunning = true;
    running = checkpoint().finally(() => {
      isRunning = false;
    });
  };
  return {
    start() {
      if (timer) return;
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async close() {
      clearInterval(timer);
      await running;
      const connection = await opened?.catch(() => undefined);
      opened = undefined;
      await connection?.close();
    },
  };
}
