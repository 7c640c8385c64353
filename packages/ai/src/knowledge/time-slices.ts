import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * How long a slice of background work may hold the event loop. Short enough that a chat's
 * message or ack waits at most this long behind it; long enough that the turns between slices
 * cost next to nothing.
 */
export const SLICE_MS = 15;

/**
 * Calls `work` on each item in order, on the caller's thread, yielding to the event loop
 * whenever `sliceMs` have passed, so a long job on the server's main thread does not freeze
 * the chats. Slices are measured in elapsed time rather than counted in items, because items
 * vary in cost. The yield is `setImmediate`: it lets pending I/O through without the 1 ms
 * minimum a `setTimeout` adds to every slice.
 *
 * @example
 * await forEachInTimeSlices(chunks, (chunk) => index.add(chunk));
 */
export async function forEachInTimeSlices<T>(
  items: Iterable<T>,
  work: (item: T) => void,
  sliceMs = SLICE_MS,
): Promise<void> {
  let sliceStart = performance.now();
  for (const item of items) {
    work(item);
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}
