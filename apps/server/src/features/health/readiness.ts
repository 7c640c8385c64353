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
 * hanging database makes /readyz say 503 quickly instead of hanging the probe.
 */
export async function checkReadiness(db: Database): Promise<TReadiness> {
  const isReachable = await withTimeout(db.isReachable(), false);
  const pending = isReachable ? await withTimeout(db.pendingMigrations(), null) : null;
  const migrations = pending === null ? 'unknown' : pending.length === 0 ? 'current' : 'pending';
  const database = isReachable ? 'ok' : 'unreachable';
  return {
    status: database === 'ok' && migrations === 'current' ? 'ready' : 'not_ready',
    checks: { database, migrations },
  };
}
