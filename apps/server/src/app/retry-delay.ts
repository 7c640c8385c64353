const MAX_RETRY_DELAY_MS = 3_600_000;

/**
 * Exponential backoff for outboxes: base, 2·base, 4·base, … up to an hour, with up to 10 %
 * jitter so retries of many rows do not align.
 *
 * @example
 * const nextAttemptAt = new Date(Date.now() + retryDelay(attempts, 10_000));
 */
export function retryDelay(attempts: number, baseMs: number): number {
  const exponential = Math.min(baseMs * 2 ** Math.min(attempts - 1, 30), MAX_RETRY_DELAY_MS);
  return Math.round(exponential * (1 + Math.random() * 0.1));
}
