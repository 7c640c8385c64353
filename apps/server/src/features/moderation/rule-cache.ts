import type { Database } from '@parley/db';
import { compileRules, type CompiledRuleSet } from '@parley/moderation';
import type { Logger } from '../../logging/create-logger.ts';

export interface RuleCache {
  /** The compiled active rules; loaded from the database on first use after `invalidate`. */
  get(): Promise<CompiledRuleSet>;
  /** The last rules loaded, without waiting (possibly stale right after a change). */
  peek(): CompiledRuleSet | undefined;
  /**
   * Forgets the cached rules; the next message reloads them. Called after every rule change on
   * this node; with several nodes, the same call runs when a change is broadcast (Redis).
   */
  invalidate(): void;
}

/** Active moderation rules, compiled once and kept until a change invalidates them. */
export function createRuleCache(db: Database, logger: Logger): RuleCache {
  let loading: Promise<CompiledRuleSet> | undefined;
  let latest: CompiledRuleSet | undefined;
  const load = async (): Promise<CompiledRuleSet> => {
    const rows = await db.models.ModerationRule.findAll({
      where: { isActive: true },
      order: [['createdAt', 'ASC']],
    });
    const set = compileRules(rows.map((row) => row.get({ plain: true })));
    for (const { id, reason } of set.skipped)
      logger.warn({ ruleId: id, reason }, 'moderation rule skipped: it cannot run safely');
    latest = set;
    return set;
  };
  return {
    get() {
      loading ??= load().catch((error: unknown) => {
        loading = undefined; // a failed load is retried by the next message
        throw error;
      });
      return loading;
    },
    peek: () => latest,
    invalidate() {
      loading = undefined;
    },
  };
}
