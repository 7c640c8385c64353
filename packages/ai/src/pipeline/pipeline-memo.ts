import { LRUCache } from 'lru-cache';
import { watchModelChanges, type ContextRule, type Database } from '@parley/db';

/**
 * How long what the memo read is used. Every write through this process's models drops it at
 * once; this bounds what it cannot hear of (an admin's change on another node, a row written by
 * hand) to one second.
 */
export const PIPELINE_MEMO_MAX_AGE_MS = 1_000;

/** An active knowledge base as searches need it: its version keys the index and the cache. */
export interface ActiveBase {
  id: string;
  version: number;
  status: string;
}

/**
 * What every answer reads before it can even look in the answer cache, from memory: the
 * context rule (with its named template) and the active knowledge bases' versions. Without it,
 * a cache hit costs two or three queries; with it, none.
 */
export interface PipelineMemo {
  /** The rule with its named template, or `null` when there is none by that id. */
  rule(id: string): Promise<ContextRule | null>;
  /** Every active knowledge base (ready or not) with its version. */
  activeBases(): Promise<ActiveBase[]>;
  /** Forgets everything (a change this process did not write, e.g. announced by another node). */
  forget(): void;
  /** Removes the model hooks. */
  close(): void;
}

/**
 * @example
 * const memo = createPipelineMemo(db);
 * const deps: PipelineDeps = { db, knowledge, cache, resolveProvider, memo };
 */
export function createPipelineMemo(
  db: Database,
  maxAgeMs: number = PIPELINE_MEMO_MAX_AGE_MS,
): PipelineMemo {
  const { ContextRule, PromptTemplate, KnowledgeBaseConfig } = db.models;
  const rules = new LRUCache<string, { value: Promise<ContextRule | null> }>({
    max: 1_000,
    ttl: maxAgeMs,
  });
  let bases: { at: number; value: Promise<ActiveBase[]> } | undefined;
  /** Keeps a load's promise, dropping it again if it fails (the next answer reads again). */
  const remember = <T>(load: Promise<T>, drop: () => void) =>
    load.catch((error: unknown) => {
      drop();
      throw error;
    });
  const forget = () => {
    rules.clear();
    bases = undefined;
  };
  const unwatch = [ContextRule, PromptTemplate, KnowledgeBaseConfig].map((model) =>
    watchModelChanges(model, forget),
  );
  return {
    rule(id) {
      const known = rules.get(id);
      if (known) return known.value;
      const entry = {
        value: remember(ContextRule.findByPk(id, { include: ['namedPromptTemplate'] }), () => {
          if (rules.get(id) === entry) rules.delete(id);
        }),
      };
      rules.set(id, entry);
      return entry.value;
    },
    activeBases() {
      const now = performance.now();
      if (bases && now - bases.at <= maxAgeMs) return bases.value;
      const entry = {
        at: now,
        value: remember(
          KnowledgeBaseConfig.findAll({
            attributes: ['id', 'version', 'status'],
            where: { isActive: true },
          }).then((rows) =>
            rows.map(({ id, version, status }) => ({ id, version, status: String(status) })),
          ),
          () => {
            if (bases === entry) bases = undefined;
          },
        ),
      };
      bases = entry;
      return entry.value;
    },
    forget,
    close: () => unwatch.forEach((off) => off()),
  };
}
