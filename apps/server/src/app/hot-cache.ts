import { LRUCache } from 'lru-cache';

export interface HotCache<V> {
  /** The cached value, or `load(key)` once for every concurrent caller (a load error is not kept). */
  get(key: string): Promise<V>;
  /** The cached value if it is in memory now, without loading it. */
  peek(key: string): V | undefined;
  /** Drops one key; a load already running for it is discarded (its callers read again). */
  delete(key: string): void;
  /** Drops everything (a change whose keys are not known, or a change on another node). */
  clear(): void;
}

/**
 * An in-process LRU in front of a table, for lookups on every message or connection. Staleness
 * is bounded by explicit invalidation (the change hooks, and Redis across nodes); `ttlMs` only
 * bounds it for changes made behind Parley's back (a manual UPDATE).
 *
 * @example
 *   const widgets = createHotCache({ max: 1_000, ttlMs: 60_000, load: (key) => findWidget(key) });
 *   events.on('widget:updated', ({ widgetKey }) => widgets.delete(widgetKey));
 */
export function createHotCache<V extends object>(options: {
  max: number;
  ttlMs: number;
  load: (key: string) => Promise<V>;
}): HotCache<V> {
  const cache = new LRUCache<string, V>({
    max: options.max,
    ttl: options.ttlMs,
    fetchMethod: (key) => options.load(key),
  });
  // Counts changes: a load a change discarded is rejected by lru-cache ("deleted"), which for
  // the caller is no error at all, only a reason to read the row again.
  let changes = 0;
  return {
    async get(key) {
      const changesBefore = changes;
      try {
        // Without `allowStale`/`noDeleteOnFetchRejection`, a rejected load rejects here and is not kept.
        const value = await cache.fetch(key);
        if (value !== undefined) return value;
      } catch (error) {
        if (changes === changesBefore) throw error;
      }
      return options.load(key); // the load was discarded by a change: read what it changed to
    },
    // `get` without `fetch` neither loads nor returns a load still running.
    peek: (key) => cache.get(key),
    delete: (key) => {
      changes += 1;
      cache.delete(key);
    },
    clear: () => {
      changes += 1;
      cache.clear();
    },
  };
}
