/** Anything with `on`/`off` listeners: a Socket.IO client, a Node EventEmitter. */
export interface Listenable<Listener> {
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
}

/**
 * Resolves with the first `event` whose payload satisfies `match` (every payload by default);
 * rejects after `timeoutMs`. Tests wait for what they assert on instead of sleeping.
 *
 * @example
 * const answer = waitForEvent<TMessage>(socket, 'message:new', (m) => m.senderType === 'ai');
 */
export function waitForEvent<T>(
  source: Listenable<(payload: T) => void>,
  event: string,
  options: { match?: (payload: T) => boolean; timeoutMs?: number } = {},
): Promise<T> {
  const { match = () => true, timeoutMs = 10_000 } = options;
  return new Promise((resolve, reject) => {
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      source.off(event, listener);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      source.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    source.on(event, listener);
  });
}

/**
 * Polls `read` until `isDone` holds for its value, and resolves with that value; rejects with
 * the last value after `timeoutMs`. For state with no event to wait on (a row written, a count).
 *
 * @example
 * await waitUntil(() => Flags.count(), (count) => count === 1);
 */
export async function waitUntil<T>(
  read: () => T | Promise<T>,
  isDone: (value: T) => boolean,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 25 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
