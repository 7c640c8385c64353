import type { OrderedConnection } from './writer-connection.ts';

export interface WalCheckpointer {
  /** Starts the checkpoints (idempotent; nothing after `close`); the timer does not keep the process alive. */
  start(): void;
  /** Stops them and closes the connection once a checkpoint under way has finished. */
  close(): Promise<void>;
}

export interface WalCheckpointerOptions {
  /** Opens the checkpoints' own connection. */
  open: () => Promise<OrderedConnection>;
  intervalMs: number;
  /**
   * Runs a checkpoint on the writer connection, in turn with its transactions (no commit beside
   * it, so it reaches the log's end).
   */
  checkpointInTurn: () => Promise<void>;
  /** Frames in the log past which the next checkpoint is run in turn, so the log starts over. */
  restartAfterFrames: number;
}

/**
 * SQLite file only: copies the write-ahead log back into the database file from a connection of
 * its own, every `intervalMs`, so the writer connection (opened with `wal_autocheckpoint = 0`)
 * never checkpoints as part of a commit. A checkpoint writes and fsyncs the database file; run
 * inside a commit it held every message batch queued behind it, the slowest commits of a paced
 * load (`pnpm bench`, 1,000 visitors at 2,000 messages/s: COMMIT p90 17 ms, ack p99 median
 * 195 ms over seven runs, against 125 ms with the checkpoints here).
 *
 * The log starts over only after a checkpoint has copied all of it, and one running beside
 * back-to-back commits never catches their end: under steady writes the log grew without bound
 * (review: 45 MB in 10 s). So once it holds `restartAfterFrames`, the checkpoint is run in turn
 * with the writer's transactions, which copies the little left since the last one and lets the
 * next transaction start the log over. A failed checkpoint here does the same, so the log stays
 * bounded if this connection cannot be opened. PASSIVE never waits for readers or writers; the
 * last connection to close checkpoints the rest and removes the log.
 *
 * @example
 *   const checkpoints = createWalCheckpointer({ open, intervalMs: 250, checkpointInTurn, restartAfterFrames: 1_000 });
 *   checkpoints.start(); // when the writer opens
 *   await checkpoints.close(); // with the database
 */
export function createWalCheckpointer(options: WalCheckpointerOptions): WalCheckpointer {
  let timer: NodeJS.Timeout | undefined;
  let opened: Promise<OrderedConnection> | undefined;
  let running: Promise<void> = Promise.resolve();
  let isRunning = false;
  let isClosed = false;
  /** Frames in the log after a checkpoint here (`Infinity` when it failed). */
  const checkpointBeside = async (): Promise<number> => {
    opened ??= options.open();
    try {
      const [row] = await (await opened).all<{ log: number }>('PRAGMA wal_checkpoint(PASSIVE)', []);
      return row?.log ?? 0;
    } catch {
      // A failed open is tried again next time.
      const failed = opened;
      opened = undefined;
      await failed.then((connection) => connection.close()).catch(() => undefined);
      return Infinity;
    }
  };
  const checkpoint = async () => {
    if ((await checkpointBeside()) < options.restartAfterFrames || isClosed) return;
    // Refused once the writer is closing: its close checkpoints what is left.
    await options.checkpointInTurn().catch(() => undefined);
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
      if (timer || isClosed) return;
      timer = setInterval(tick, options.intervalMs);
      timer.unref();
    },
    async close() {
      isClosed = true;
      clearInterval(timer);
      await running;
      const connection = await opened?.catch(() => undefined);
      opened = undefined;
      await connection?.close();
    },
  };
}
