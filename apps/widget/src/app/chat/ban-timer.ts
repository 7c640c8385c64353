/** After the end: the server's ban cache has let go by then (it checks each ban's end). */
const AFTER_END_MS = 500;
/** Longer timers overflow and fire at once. */
const DAY_MS = 86_400_000;

/**
 * One timer that reconnects a temporarily banned visitor a moment after the ban ends (`null`:
 * for good, nothing to wait for). At least 1 s, doubling each time a reconnect made by this
 * timer is refused again: a visitor's clock running ahead would otherwise reconnect again and
 * again before the real end. Notices, refusals of other requests and reconnects made for other
 * reasons (the network back) only say when the ban ends, so the wait never grows past that end
 * on a flaky connection. At most a day; a longer ban is refused again then, and waited out anew.
 *
 * @example
 * const timer = createBanTimer(() => socket.connect());
 * timer.waitFor('2026-05-01T10:00:00.000Z'); // reconnects at 10:00:00.5
 * timer.stop(); // connected again
 */
export function createBanTimer(reconnect: () => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let refusals = 0;
  // The last reconnect was this timer's, and no answer to it has come yet.
  let isOwnReconnect = false;
  return {
    /** The ban's end, from a notice or a refusal; the refusal of the timer's reconnect backs off. */
    waitFor(expiresAt: string | null): void {
      clearTimeout(timer);
      if (isOwnReconnect) refusals = Math.min(refusals + 1, 30);
      isOwnReconnect = false;
      if (expiresAt === null) return;
      const untilEnd = Date.parse(expiresAt) - Date.now() + AFTER_END_MS;
      const floor = 1_000 * 2 ** refusals;
      timer = setTimeout(
        () => {
          isOwnReconnect = true;
          reconnect();
        },
        Math.min(Math.max(untilEnd || 0, floor), DAY_MS),
      );
    },
    stop(): void {
      clearTimeout(timer);
      refusals = 0;
      isOwnReconnect = false;
    },
  };
}

/** The end a `BANNED` refusal names (`details.expiresAt`); null for good, or from an older server. */
export function banEndOf(details: Record<string, unknown> | undefined): string | null {
  const end = details?.expiresAt;
  return typeof end === 'string' ? end : null;
}
