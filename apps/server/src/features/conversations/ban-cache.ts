import { QueryTypes } from 'sequelize';
import { sqlDateTime, withDeadline, type Database } from '@parley/db';
import { clientAddressKey } from '../../http/client-address-key.ts';
import { rawDate } from './raw-values.ts';

/**
 * How long a loaded set of bans is used. Every change made through this node's models drops it
 * at once, and with Redis every other node's too; this bounds what nobody announced (another
 * node while Redis is away, a row written by hand) to one second, the bound the issue sets.
 */
export const BAN_CACHE_MAX_AGE_MS = 1_000;

/** Who sends: a visitor and, when known, the address they connect from. */
export interface BanScope {
  visitorId: string | undefined;
  ip: string | undefined;
}

/** A ban in force: when it ends, `null` for good. */
export interface Ban {
  expiresAt: Date | null;
}

/** The bans in force when they were loaded, with their end: asked with the time of asking. */
export interface BanSet {
  /**
   * The ban that applies to this visitor or address at `now`, or `undefined`. When several do
   * (the visitor's and their address's), the one that ends last: the visitor is told the end
   * after which they can really write again.
   */
  banOn(scope: BanScope, now: Date): Ban | undefined;
}

export interface BanCache {
  /** The bans in force, loaded at most `BAN_CACHE_MAX_AGE_MS` ago or after the last change. */
  current(): Promise<BanSet>;
  /** Drops the loaded set (a ban created, lifted or changed here or on another node). */
  forget(): void;
}

interface BanRow {
  visitor_id: string | null;
  ip_address: string | null;
  expires_at: Date | string | null;
}

/**
 * Bans from memory: every visitor message (its batch), every answer and every connection asks
 * whether its sender is banned. The table holds few rows in force, so the whole set is loaded
 * in one query and shared; an expiry needs no reload, since each ban keeps its end.
 *
 * A load that takes longer than `timeoutMs` fails its callers (the database does not answer:
 * nothing could be written anyway) instead of holding every message behind it; it goes on, and
 * callers join it while it is at most a second old, then start another.
 */
export function createBanCache(db: Database, options: { timeoutMs: number }): BanCache {
  let loaded: { set: BanSet; at: number } | undefined;
  let loading: { promise: Promise<BanSet>; at: number } | undefined;
  // Bumped by every change: a load started before one is not kept after it.
  let generation = 0;
  const load = async (): Promise<BanSet> => {
    const rows = await db.sequelize.query<BanRow>(
      'SELECT visitor_id, ip_address, expires_at FROM user_bans WHERE expires_at IS NULL OR expires_at > ?',
      { replacements: [sqlDateTime(db.sequelize, new Date())], type: QueryTypes.SELECT },
    );
    return toBanSet(rows);
  };
  const startLoad = () => {
    const started = { generation, at: Date.now() };
    const promise = load()
      .then((set) => {
        if (started.generation === generation) loaded = { set, at: started.at };
        return set;
      })
      .finally(() => {
        if (loading?.promise === promise) loading = undefined;
      });
    return { promise, at: started.at };
  };
  return {
    current() {
      if (loaded && Date.now() - loaded.at <= BAN_CACHE_MAX_AGE_MS)
        return Promise.resolve(loaded.set);
      // A load older than the cache's age would answer with bans as they stood back then (its
      // connection may have died, or its answer come late): another one is started.
      if (!loading || Date.now() - loading.at > BAN_CACHE_MAX_AGE_MS) loading = startLoad();
      return withDeadline(
        loading.promise,
        options.timeoutMs,
        () => new Error(`the database did not answer the ban check within ${options.timeoutMs} ms`),
      );
    },
    forget() {
      generation += 1;
      loaded = undefined;
      loading = undefined;
    },
  };
}

/** The latest end per visitor and per address; `null` is a ban without end. */
function toBanSet(rows: BanRow[]): BanSet {
  const visitors = new Map<string, number>();
  const addresses = new Map<string, number>();
  const keep = (into: Map<string, number>, key: string | null, end: number) => {
    if (key !== null) into.set(key, Math.max(into.get(key) ?? -Infinity, end));
  };
  for (const row of rows) {
    const end = row.expires_at === null ? Infinity : rawDate(row.expires_at).getTime();
    keep(visitors, row.visitor_id, end);
    keep(addresses, row.ip_address, end);
  }
  const endOf = (into: Map<string, number>, key: string | undefined) =>
    key === undefined ? -Infinity : (into.get(key) ?? -Infinity);
  return {
    banOn({ visitorId, ip }, now) {
      // An IP ban is stored by `clientAddressKey` (an IPv6 /64); older bans hold the exact address.
      const end = Math.max(
        endOf(visitors, visitorId),
        endOf(addresses, ip),
        endOf(addresses, ip === undefined ? undefined : clientAddressKey(ip)),
      );
      if (end <= now.getTime()) return undefined;
      return { expiresAt: end === Infinity ? null : new Date(end) };
    },
  };
}
