import { randomUUID } from 'node:crypto';
import { multiRowInsert, sqlDateTime, writeOne, type Database } from '@parley/db';
import {
  INTERACTION_COLUMNS,
  interactionValues,
  type InteractionEntry,
} from './interaction-log.ts';
import { retryOnDeadlock } from './retry-on-deadlock.ts';

export interface AiWriteBatch {
  /** Queues an `ai_interaction_logs` row; resolves once the statement holding it committed. */
  logInteraction(entry: InteractionEntry): Promise<void>;
  /** Queues one hit on a cache entry (hits on one entry add up in one UPDATE). */
  countHit(cacheEntryId: string): Promise<void>;
  /** Writes everything queued now (shutdown); resolves once it is stored. */
  flush(): Promise<void>;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The assistant's bookkeeping, batched: log rows and cache hit counts queued over `maxWaitMs`
 * are written together (one multi-row INSERT, one UPDATE per hit entry), so answering many
 * visitors costs a few statements per window instead of one or two per answer, and the database
 * is free for visitors' messages most of the time. The answer itself is committed
 * before any of this, so nothing here delays what the visitor sees; `flush` on shutdown writes
 * what is queued, so a clean stop drops nothing.
 *
 * @example
 *   const writes = createAiWriteBatch({ db });
 *   void writes.logInteraction(entry); // stored within maxWaitMs
 *   await writes.flush(); // on SIGTERM
 */
export function createAiWriteBatch(options: {
  db: Database;
  /** How long the first queued write waits for company (default 25 ms). */
  maxWaitMs?: number;
  now?: () => Date;
}): AiWriteBatch {
  const { db } = options;
  const maxWaitMs = options.maxWaitMs ?? 25;
  const now = options.now ?? (() => new Date());
  let logs: InteractionEntry[] = [];
  let hits = new Map<string, number>();
  let waiters: Waiter[] = [];
  let timer: NodeJS.Timeout | undefined;
  // One batch at a time: the next starts when the previous has committed.
  let chain: Promise<void> = Promise.resolve();

  const write = async (): Promise<void> => {
    const batch = { logs, hits, waiters };
    logs = [];
    hits = new Map();
    waiters = [];
    if (batch.waiters.length === 0) return;
    try {
      await writeBatch(batch);
      batch.waiters.forEach((waiter) => waiter.resolve());
    } catch (error) {
      batch.waiters.forEach((waiter) => waiter.reject(error));
    }
  };
  // Raw statements, each committing by itself: the log rows' foreign keys take shared locks on
  // their sessions (MariaDB), which a transaction would hold, making visitors' message batches
  // wait for them; one multi-row INSERT is as atomic as the transaction was. On SQLite they run
  // on the writer connection, in turn with the visitors' messages, instead of contending with
  // them for the write lock.
  const writeBatch = async (batch: { logs: InteractionEntry[]; hits: Map<string, number> }) => {
    const at = sqlDateTime(db.sequelize, now());
    const statements: Array<[string, unknown[]]> = [...batch.hits].map(([id, count]) => [
      'UPDATE ai_response_cache SET hit_count = hit_count + ?, last_hit_at = ? WHERE id = ?',
      [Math.trunc(count), at, id],
    ]);
    if (batch.logs.length > 0)
      statements.unshift(
        multiRowInsert(
          'ai_interaction_logs',
          INTERACTION_COLUMNS,
          batch.logs.map((entry) => interactionValues(entry, randomUUID(), at)),
        ),
      );
    await Promise.all(
      statements.map(([sql, params]) => retryOnDeadlock(() => writeOne(db, sql, params))),
    );
  };
  const run = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    chain = chain.then(write);
    return chain;
  };
  const enqueue = (add: () => void): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      add();
      waiters.push({ resolve, reject });
      timer ??= setTimeout(() => void run(), maxWaitMs);
    });

  return {
    logInteraction: (entry) => enqueue(() => logs.push(entry)),
    countHit: (id) => enqueue(() => hits.set(id, (hits.get(id) ?? 0) + 1)),
    flush: run,
  };
}
