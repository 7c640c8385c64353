import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { waitForEvent, waitUntil } from './wait-for.ts';

describe('waitForEvent', () => {
  it('resolves with the first matching payload and stops listening', async () => {
    const emitter = new EventEmitter();
    const seen = waitForEvent<number>(emitter, 'tick', { match: (n) => n > 1 });
    emitter.emit('tick', 1);
    emitter.emit('tick', 2);
    expect(await seen).toBe(2);
    expect(emitter.listenerCount('tick')).toBe(0);
  });

  it('rejects when nothing matches in time', async () => {
    const emitter = new EventEmitter();
    await expect(waitForEvent(emitter, 'tick', { timeoutMs: 20 })).rejects.toThrow('no tick');
    expect(emitter.listenerCount('tick')).toBe(0);
  });
});

describe('waitUntil', () => {
  it('polls until the state holds', async () => {
    let count = 0;
    const value = await waitUntil(
      () => (count += 1),
      (n) => n === 3,
      { intervalMs: 1 },
    );
    expect(value).toBe(3);
  });

  it('rejects with the last value', async () => {
    await expect(
      waitUntil(
        () => 0,
        (n) => n === 1,
        { timeoutMs: 10, intervalMs: 1 },
      ),
    ).rejects.toThrow('still 0');
  });
});
