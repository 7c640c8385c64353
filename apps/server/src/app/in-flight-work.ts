/**
 * Counts writes in progress so shutdown can wait for them: an acknowledged message must never
 * be cut off halfway. Socket handlers wrap their database work in `run`.
 */
export interface InFlightWork {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Resolves when nothing is in flight, or after `timeoutMs`, whichever comes first. */
  drain(timeoutMs: number): Promise<void>;
  readonly count: number;
  /**
   * Shutdown: events arriving from now on are not handled (and not acked, so clients send them
   * again after reconnecting); work already started runs to its end.
   */
  stopAccepting(): void;
  readonly isAccepting: boolean;
}

export function createInFlightWork(): InFlightWork {
  let count = 0;
  let isAccepting = true;
  let waiters: Array<() => void> = [];
  const settle = () => {
    count -= 1;
    if (count === 0) {
      for (const wake of waiters) wake();
      waiters = [];
    }
  };
  return {
    async run(work) {
      count += 1;
      try {
        return await work();
      } finally {
        settle();
      }
    },
    drain(timeoutMs) {
      if (count === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    get count() {
      return count;
    },
    stopAccepting() {
      isAccepting = false;
    },
    get isAccepting() {
      return isAccepting;
    },
  };
}
