/** Driver codes of a transaction the database rolled back to break a lock cycle. */
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY']);

/** Whether `error` is a transaction the database gave up on and asks to be run again. */
export function isDeadlock(error: unknown): boolean {
  // Sequelize wraps the driver's error in `parent`; the SQLite writer's errors are the driver's.
  const { parent, code } = (error ?? {}) as { parent?: { code?: unknown }; code?: unknown };
  const driverCode = parent?.code ?? code;
  return typeof driverCode === 'string' && RETRYABLE.has(driverCode);
}

/**
 * Runs a whole transaction again when the database chose it as a deadlock's victim (InnoDB's
 * advice: "try restarting transaction"); it was rolled back, so running it again is safe.
 * Bookkeeping inserts take shared locks on the sessions a message batch holds, so under load
 * one of the two is rolled back now and then.
 */
export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isDeadlock(error)) throw error;
    }
  }
}
