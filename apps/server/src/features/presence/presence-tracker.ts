import type { Namespace } from 'socket.io';
import { AVAILABLE_ROOM } from '../../app/rooms.ts';
import type { Logger } from '../../logging/create-logger.ts';

/** Between nodes: "presence may have changed, count again". */
const CHANGED_EVENT = 'presence:changed';
/** A node that died takes its sockets with it unannounced: count again this often. */
const RECOUNT_MS = 30_000;
/** Until the first count succeeds (Redis still connecting at start), it is tried this often. */
const FIRST_COUNT_RETRY_MS = 1_000;

export interface PresenceTracker {
  /** Distinct agents available now, on every node, as last counted. */
  availableAgents(): number;
  /** Counts again (call after a socket joined or left the room); tells listeners on a change. */
  recount(): Promise<void>;
  onChange(listener: (availableAgents: number) => void): () => void;
  close(): void;
}

/**
 * Counts available agents across nodes from the members of `AVAILABLE_ROOM` on `/admin`. A node
 * that sees the count change tells the others, which count for themselves: each then updates
 * the visitors connected to it.
 */
export function trackPresence(
  nsp: Namespace,
  options: { logger: Logger; isClustered: boolean },
): PresenceTracker {
  const { logger } = options;
  let available = 0;
  const listeners = new Set<(availableAgents: number) => void>();
  let running: Promise<boolean> | undefined;
  let again = false;
  let hasCounted = false;
  let isRetryScheduled = false;

  const count = async (): Promise<boolean> => {
    const sockets = await nsp.in(AVAILABLE_ROOM).fetchSockets();
    const agents = new Set(
      sockets.map((socket) => (socket.data as { user?: { id: string } }).user?.id),
    );
    const next = agents.size;
    hasCounted = true;
    if (next === available) return false;
    available = next;
    for (const listener of listeners) listener(next);
    return true;
  };
  // One count at a time; changes during a count are counted once more right after it.
  const recount = async (): Promise<boolean> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let changed = false;
      do {
        again = false;
        changed = (await count()) || changed;
      } while (again);
      return changed;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  const recountQuietly = (): Promise<boolean> =>
    recount().catch((error: unknown) => {
      if (hasCounted) {
        logger.warn({ err: error }, 'could not count available agents');
        return false;
      }
      // At start the adapter's Redis connection may not be up yet (a Redis that stays down is
      // reported by the connection itself): count again shortly instead of warning.
      logger.debug({ err: error }, 'first count of available agents failed; trying again');
      if (!isRetryScheduled) {
        isRetryScheduled = true;
        setTimeout(() => {
          isRetryScheduled = false;
          void recountQuietly();
        }, FIRST_COUNT_RETRY_MS).unref();
      }
      return false;
    });

  nsp.on(CHANGED_EVENT, () => void recountQuietly());
  const timer = setInterval(() => void recountQuietly(), RECOUNT_MS);
  timer.unref();
  void recountQuietly();

  return {
    availableAgents: () => available,
    async recount() {
      // One node alone has nobody to tell (its adapter would only warn that it cannot).
      if ((await recountQuietly()) && options.isClustered) nsp.serverSideEmit(CHANGED_EVENT);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      clearInterval(timer);
      listeners.clear();
      nsp.removeAllListeners(CHANGED_EVENT);
    },
  };
}
