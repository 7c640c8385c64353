import { describe, expect, it } from 'vitest';
import { createHotCache } from './hot-cache.ts';

describe('hot cache', () => {
  it('loads a key once for concurrent callers and serves it from memory after', async () => {
    let loads = 0;
    const cache = createHotCache({
      max: 10,
      ttlMs: 60_000,
      load: (key) => Promise.resolve({ key, n: ++loads }),
    });
    const [a, b] = await Promise.all([cache.get('k'), cache.get('k')]);
    expect(a).toBe(b);
    expect(await cache.get('k')).toBe(a);
    expect(loads).toBe(1);
  });

  it('loads again after a delete or a clear', async () => {
    let version = 1;
    const cache = createHotCache({
      max: 10,
      ttlMs: 60_000,
      load: () => Promise.resolve({ version }),
    });
    expect(await cache.get('k')).toEqual({ version: 1 });
    version = 2;
    cache.delete('k');
    expect(await cache.get('k')).toEqual({ version: 2 });
    version = 3;
    cache.clear();
    expect(await cache.get('k')).toEqual({ version: 3 });
  });

  it('peeks only at what is in memory: nothing before a load, during it or after a delete', async () => {
    let release: () => void = () => undefined;
    const cache = createHotCache({
      max: 10,
      ttlMs: 60_000,
      load: (key) => new Promise<{ key: string }>((resolve) => (release = () => resolve({ key }))),
    });
    expect(cache.peek('k')).toBeUndefined();
    const loading = cache.get('k');
    expect(cache.peek('k')).toBeUndefined();
    release();
    const loaded = await loading;
    expect(cache.peek('k')).toBe(loaded);
    cache.delete('k');
    expect(cache.peek('k')).toBeUndefined();
  });

  it.each(['delete', 'clear'] as const)(
    'answers a caller whose load a %s discarded with the changed value, and keeps that one',
    async (change) => {
      let version = 1;
      let release: () => void = () => undefined;
      const cache = createHotCache({
        max: 10,
        ttlMs: 60_000,
        load: async () => {
          const seen = version;
          if (seen === 1) await new Promise<void>((resolve) => (release = resolve));
          return { version: seen };
        },
      });
      // A visitor's handshake is waiting on this load when an admin saves a widget.
      const waiting = cache.get('k');
      await new Promise((resolve) => setImmediate(resolve));
      version = 2;
      if (change === 'delete') cache.delete('k');
      else cache.clear();
      release();
      expect(await waiting).toEqual({ version: 2 });
      expect(await cache.get('k')).toEqual({ version: 2 });
    },
  );

  it('keeps no failed load', async () => {
    let isDown = true;
    const cache = createHotCache({
      max: 10,
      ttlMs: 60_000,
      load: () => (isDown ? Promise.reject(new Error('down')) : Promise.resolve({ ok: true })),
    });
    await expect(cache.get('k')).rejects.toThrow('down');
    isDown = false;
    expect(await cache.get('k')).toEqual({ ok: true });
  });
});
