import { describe, expect, it } from 'vitest';
import { createGroupCommit, type Settled } from './group-commit.ts';

/** A writer whose flushes finish only when the test says so, recording every batch. */
function controlledWriter(options: { maxBatchSize: number; maxWaitMs?: number }) {
  const batches: number[][] = [];
  const finishers: Array<() => void> = [];
  const writer = createGroupCommit<number, number>({
    maxBatchSize: options.maxBatchSize,
    maxWaitMs: options.maxWaitMs ?? 0,
    flush: (items) => {
      batches.push(items);
      return new Promise<Array<Settled<number>>>((resolve) =>
        finishers.push(() =>
          resolve(
            items.map((item) =>
              item < 0
                ? { ok: false, error: new Error(`bad ${item}`) }
                : { ok: true, value: item * 10 },
            ),
          ),
        ),
      );
    },
  });
  const finishNext = async () => {
    while (finishers.length === 0) await new Promise((resolve) => setImmediate(resolve));
    finishers.shift()!();
  };
  return { writer, batches, finishNext };
}

describe('group commit', () => {
  it('writes a lone item at once, and items arriving meanwhile together in the next batch', async () => {
    const { writer, batches, finishNext } = controlledWriter({ maxBatchSize: 100 });
    const first = writer.submit(1);
    expect(batches).toEqual([[1]]);
    const rest = [2, 3, 4].map((item) => writer.submit(item));
    expect(batches).toEqual([[1]]); // nothing else starts while a batch is in flight
    await finishNext();
    expect(await first).toBe(10);
    await finishNext();
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('starts the next batch before answering the items of the one just written', async () => {
    const { writer, batches, finishNext } = controlledWriter({ maxBatchSize: 100 });
    const first = writer.submit(1);
    const second = writer.submit(2);
    let startedWhenAnswered: number[][] = [];
    const answered = first.then(() => (startedWhenAnswered = batches.map((batch) => [...batch])));
    await finishNext();
    await answered;
    // The database already has the next batch while the first one's acks are sent.
    expect(startedWhenAnswered).toEqual([[1], [2]]);
    await finishNext();
    expect(await second).toBe(20);
  });

  it('answers every item with the error when an observer of the batch throws', async () => {
    const { writer } = controlledWriter({ maxBatchSize: 100 });
    writer.observe(() => {
      throw new Error('observer broke');
    });
    await expect(writer.submit(1)).rejects.toThrow('observer broke');
  });

  it('keeps batches within the size bound', async () => {
    const { writer, batches, finishNext } = controlledWriter({ maxBatchSize: 2 });
    const all = [1, 2, 3, 4, 5].map((item) => writer.submit(item));
    for (let n = 0; n < 3; n++) await finishNext();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1], [2, 3], [4, 5]]);
  });

  it("rejects only the item that failed; its batch's others resolve", async () => {
    const { writer, finishNext } = controlledWriter({ maxBatchSize: 10 });
    const results = [1, -2, 3].map((item) =>
      writer.submit(item).then(
        (value) => ({ value }),
        (error: Error) => ({ error: error.message }),
      ),
    );
    await finishNext();
    await finishNext();
    expect(await Promise.all(results)).toEqual([{ value: 10 }, { error: 'bad -2' }, { value: 30 }]);
  });

  it('answers every item of a batch whose whole write failed with that error', async () => {
    const writer = createGroupCommit<number, number>({
      maxBatchSize: 10,
      maxWaitMs: 0,
      flush: () => Promise.reject(new Error('database gone')),
    });
    const results = await Promise.allSettled([writer.submit(1), writer.submit(2)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });
});
