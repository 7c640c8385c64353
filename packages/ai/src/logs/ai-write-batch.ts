import { literal, Transaction } from 'sequelize';
import type { Database } from '@parley/db';
import { interactionRow, type InteractionEntry } from './interaction-log.ts';
import { retryOnDeadlock } from './retry-on-deadlock.ts';

export interface AiWriteBatch {
  /** Queues an `ai_interaction_logs` row; resolves once the transaction holding it committed. */
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
 * are written in one transaction (one multi-row INSERT, one UPDATE per hit entry), so answering
 * many visitors costs one commit per window instead of one or two per answer, and the single
 * SQLite writer is free for visitors' messages most of the time. The answer itself is committed
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
    const isSqlite = db.target.dialect === 'sqlite';
    try {
      await retryOnDeadlock(() =>
        db.sequelize.transaction(
          isSqlite ? { type: Transaction.TYPES.IMMEDIATE } : {},
          async (transaction) => {
            if (batch.logs.length > 0)
              await db.models.AiInteractionLog.bulkCreate(batch.logs.map(interactionRow), {
                transaction,
              });
            const lastHitAt = now();
            for (const [id, count] of batch.hits)
              await db.models.AiResponseCache.update(
                { hitCount: literal(`hit_count + ${Math.trunc(count)}`), lastHitAt },
                { where: { id }, transaction },
              );
          },
        ),
      );
      batch.waiters.forEach((waiter) => waiter.resolve());
    } catch (error) {
      batch.waiters.forEach((waiter) => waiter.reject(error));
    }
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
