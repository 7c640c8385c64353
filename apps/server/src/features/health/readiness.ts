import type { Database } from '@parley/db';
import type { TReadiness } from '@parley/protocol';

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, fallback: T): Promise<T> {
  return Promise.race([
    promise.catch(() => fallback),
    new Promise<T>((resolve) => setTimeout(() => resolve(fallback), CHECK_TIMEOUT_MS).unref()),
  ]);
}

/**
 * Ready means the database answers and no migration is pending. Each check is bounded so a
 * hanging database makes /readyz say 503 quickly instead of hanging the probe. Redis, when used,
 * is reported but does not make a node unready: every node shares it, so failing readiness on it
 * would take the whole cluster out of the balancer, while each node still serves alone.
 */
export async function checkReadiness(
  db: Database,
  isRedisReachable?: () => Promise<boolean>,
): Promise<TReadiness> {
  const redisCheck = isRedisReachable ? withTimeout(isRedisReachable(), false) : undefined;
  const isReachable = await withTimeout(db.isReachable(), false);
  const pending = isReachable ? await withTimeout(db.pendingMigrations(), null) : null;
  const migrations = pending === null ? 'unknown' : pending.length === 0 ? 'current' : 'pending';
  const database = isReachable ? 'ok' : 'unreachable';
  return {
    status: database === 'ok' && migrations === 'current' ? 'ready' : 'not_ready',
    checks: {
      database,
      migrations,
      ...(redisCheck
        ? { redis: (await redisCheck) ? ('ok' as const) : ('unreachable' as const) }
        : {}),
    },
  };
}
