import { LRUCache } from 'lru-cache';
import { literal, Op } from 'sequelize';
import type { Database, JsonObject } from '@parley/db';
import type { TMessageSource } from '@parley/protocol';

export interface CachedAnswer {
  id: string;
  text: string;
  sources: TMessageSource[];
  model: string;
  hitCount: number;
}

export interface CachePut {
  key: string;
  question: string;
  text: string;
  sources: TMessageSource[];
  model: string;
  contextRuleId: string | null;
  ttlS: number;
}

/** How long this process serves an entry from memory before reading the table again. */
const MEMORY_TTL_MS = 60_000;

/**
 * `ai_response_cache`: answers by key, with a TTL, hit counts and purge. Only the pipeline
 * decides what is stored (never errors, refusals or partial answers). Entries read or stored
 * are kept in an in-process LRU in front of the table, so a hit costs no query. The key holds
 * the rule version, the template and the knowledge version, so an edit or a re-index is a new
 * key (a miss) at once; a purge on this node forgets the memory, one on another node is seen
 * here within `MEMORY_TTL_MS`.
 */
export function createResponseCache(options: { db: Database; now?: () => Date }) {
  const { AiResponseCache } = options.db.models;
  const now = options.now ?? (() => new Date());
  const memory = new LRUCache<string, { answer: CachedAnswer; expiresAtMs: number }>({
    max: 5_000,
    ttl: MEMORY_TTL_MS,
  });

  /** The live entry for `key` (expired entries are deleted and missed). Call `countHit` to count it. */
  async function get(key: string): Promise<CachedAnswer | null> {
    const remembered = memory.get(key);
    if (remembered && remembered.expiresAtMs > now().getTime()) return remembered.answer;
    memory.delete(key);
    const entry = await AiResponseCache.findOne({ where: { cacheKey: key } });
    if (!entry) return null;
    if (entry.expiresAt.getTime() <= now().getTime()) {
      await entry.destroy();
      return null;
    }
    // eslint-disable-next-line no-restricted-syntax -- stored JSON; TODO(#14) parse with ZMessageSourceSchema
    const sources = (entry.metadata?.sources ?? []) as unknown as TMessageSource[];
    const answer = {
      id: entry.id,
      text: entry.response,
      sources,
      model: entry.modelUsed,
      hitCount: entry.hitCount,
    };
    memory.set(key, { answer, expiresAtMs: entry.expiresAt.getTime() });
    return answer;
  }

  /** Counts a hit in one statement (`hit_count + 1`, `last_hit_at`), so concurrent hits all count. */
  async function countHit(id: string): Promise<void> {
    await AiResponseCache.update(
      { hitCount: literal('hit_count + 1'), lastHitAt: now() },
      { where: { id } },
    );
  }

  /** Stores (or refreshes) an answer; a concurrent identical store is harmless. */
  async function put(input: CachePut): Promise<void> {
    if (input.ttlS <= 0) return;
    const values = {
      cacheKey: input.key,
      query: input.question,
      response: input.text,
      modelUsed: input.model,
      contextRuleId: input.contextRuleId,
      // eslint-disable-next-line no-restricted-syntax -- stored JSON; TODO(#14) parse with ZMessageSourceSchema
      metadata: { sources: input.sources } as unknown as JsonObject,
      expiresAt: new Date(now().getTime() + input.ttlS * 1000),
    };
    // Forgotten first: the next hit reads what this store leaves in the table.
    memory.delete(input.key);
    const existing = await AiResponseCache.findOne({ where: { cacheKey: input.key } });
    if (existing) await existing.update(values);
    else
      await AiResponseCache.create(values).catch((error: unknown) => {
        if ((error as { name?: string }).name !== 'SequelizeUniqueConstraintError') throw error;
      });
  }

  /** Deletes entries (all, or one rule's, or only expired ones) and returns how many. */
  async function purge(
    filter: { contextRuleId?: string; onlyExpired?: boolean } = {},
  ): Promise<number> {
    const where: Record<string, unknown> = {};
    if (filter.contextRuleId) where.contextRuleId = filter.contextRuleId;
    if (filter.onlyExpired) where.expiresAt = { [Op.lte]: now() };
    memory.clear();
    const count = await AiResponseCache.destroy({ where });
    // Again: a hit read while the rows were being deleted may have remembered one.
    memory.clear();
    return count;
  }

  return { get, countHit, put, purge };
}

export type ResponseCache = ReturnType<typeof createResponseCache>;
