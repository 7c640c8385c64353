import { describe, expect, it } from 'vitest';
import { forEachInTimeSlices } from './time-slices.ts';

describe('forEachInTimeSlices', () => {
  it('works through the items at once while the slice lasts', async () => {
    const done: number[] = [];
    const finished = forEachInTimeSlices([1, 2, 3], (item) => done.push(item), 60_000);
    expect(done).toEqual([1, 2, 3]);
    await finished;
  });

  it('lets the event loop turn once a slice is used up, then goes on in order', async () => {
    const seen: string[] = [];
    setImmediate(() => seen.push('other'));
    const finished = forEachInTimeSlices(['a', 'b', 'c'], (item) => seen.push(item), 0);
    expect(seen).toEqual(['a']);
    await finished;
    expect(seen).toEqual(['a', 'other', 'b', 'c']);
  });
});
