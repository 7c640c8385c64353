/** One item's outcome in a batch: its own value or its own error. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface GroupCommitOptions<I, O> {
  /** Most items written together; the rest wait for the next batch. */
  maxBatchSize: number;
  /**
   * Under load (a batch just finished and others are queued), how long to wait for company
   * before writing a batch smaller than `maxBatchSize`. An idle writer never waits.
   */
  maxWaitMs: number;
  /** Writes a batch; answers every item, in order (one item's error never fails the others). */
  flush(items: I[]): Promise<Array<Settled<O>>>;
}

export interface GroupCommit<I, O> {
  /** Resolves (or rejects) with this item's own outcome, after the batch holding it was written. */
  submit(item: I): Promise<O>;
  /** Calls `listener` with each batch's size as it is written. */
  observe(listener: (size: number) => void): () => void;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

interface Written<I, O> {
  batch: Array<Waiting<I, O>>;
  results: Array<Settled<O>>;
}

/**
 * Group commit: at most one batch is written at a time; items arriving while it is in flight
 * join the next one. A lone item on an idle writer goes at once, so nothing waits for company
 * it will not get; under load the batch grows to whatever arrived during one write.
 *
 * @example
 *   const writer = createGroupCommit({ maxBatchSize: 500, maxWaitMs: 0, flush: writeRows });
 *   const row = await writer.submit(input); // resolved after the transaction holding it committed
 */
export function createGroupCommit<I, O>(options: GroupCommitOptions<I, O>): GroupCommit<I, O> {
  const queue: Array<Waiting<I, O>> = [];
  const listeners = new Set<(size: number) => void>();
  let isWriting = false;

  /** Writes the next batch; resolves with what its items are told (never rejects). */
  const writeNext = async (): Promise<Written<I, O>> => {
    const batch = queue.splice(0, options.maxBatchSize);
    try {
      listeners.forEach((listener) => listener(batch.length));
      return { batch, results: await options.flush(batch.map((waiting) => waiting.item)) };
    } catch (error) {
      return { batch, results: batch.map(() => ({ ok: false, error })) };
    }
  };

  const settle = ({ batch, results }: Written<I, O>): void => {
    batch.forEach((waiting, index) => {
      const result = results[index] ?? { ok: false, error: new Error('no result for the item') };
      if (result.ok) waiting.resolve(result.value);
      else waiting.reject(result.error);
    });
  };

  const drain = async (): Promise<void> => {
    isWriting = true;
    try {
      let written: Written<I, O> | undefined = await writeNext();
      while (queue.length > 0) {
        if (options.maxWaitMs > 0 && queue.length < options.maxBatchSize) {
          settle(written);
          written = undefined;
          await new Promise((resolve) => setTimeout(resolve, options.maxWaitMs));
        }
        // The next batch's first statements go out before this batch's items are answered:
        // the database works on them while this process sends the acks.
        const next = writeNext();
        if (written) settle(written);
        written = await next;
      }
      settle(written);
    } finally {
      isWriting = false;
    }
  };

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (!isWriting) void drain();
      });
    },
    observe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
