import { AppError, type TModerationRuleCreate } from '@parley/protocol';
import type { Database, ModerationRule } from '@parley/db';
import { validateRule } from '@parley/moderation';
import type { DomainEvents } from '../../app/domain-events.ts';
import type { RuleCache } from './rule-cache.ts';

/** A new rule as the protocol shapes it (REST and tests alike). */
export type ModerationRuleDraft = TModerationRuleCreate;

export interface RuleService {
  /** Validates (refusing unsafe or invalid patterns with the reason) and saves a rule. */
  createModerationRule(draft: ModerationRuleDraft): Promise<ModerationRule>;
  /** Validates the rule as it will be after the change, then saves it (a row or its id). */
  updateModerationRule(
    rule: ModerationRule | string,
    changes: Partial<ModerationRuleDraft>,
  ): Promise<ModerationRule>;
  deleteModerationRule(rule: ModerationRule | string): Promise<void>;
  /**
   * Refreshes this node's cache and announces the change. Runs by itself, once, on every write
   * through the models (see `watchRuleChanges`), whichever path wrote; call it only after
   * writing `moderation_rules` in raw SQL.
   */
  rulesChanged(): void;
}

/**
 * Moderation rules: the one write path (the admin REST resource adapts it). Always validated
 * before they are stored; every change refreshes the cache once (the model hooks).
 */
export function createRuleService(parts: {
  db: Database;
  rules: RuleCache;
  events: DomainEvents;
}): RuleService {
  const { ModerationRule: Rules } = parts.db.models;
  const rulesChanged = () => {
    parts.rules.invalidate();
    parts.events.emit('rules:changed', { at: new Date() });
  };
  const assertValid = (
    rule: Required<Pick<ModerationRuleDraft, 'pattern' | 'isRegex' | 'action'>> & {
      replacement: string | null;
    },
  ) => {
    const verdict = validateRule(rule);
    if (!verdict.ok)
      throw new AppError('INVALID_PAYLOAD', verdict.reason, { field: verdict.field });
  };
  const findRule = async (rule: ModerationRule | string) => {
    if (typeof rule !== 'string') return rule;
    const row = await Rules.findByPk(rule);
    if (!row) throw new AppError('NOT_FOUND', 'No such moderation rule', { field: 'id' });
    return row;
  };
  return {
    async createModerationRule(draft) {
      const rule = {
        pattern: draft.pattern,
        isRegex: draft.isRegex ?? false,
        action: draft.action ?? 'flag',
        replacement: draft.replacement ?? null,
      };
      assertValid(rule);
      const row = await Rules.create({ ...draft, ...rule });
      return row;
    },
    async updateModerationRule(rule, changes) {
      const row = await findRule(rule);
      assertValid({
        pattern: changes.pattern ?? row.pattern,
        isRegex: changes.isRegex ?? row.isRegex,
        action: changes.action ?? row.action,
        replacement: changes.replacement !== undefined ? changes.replacement : row.replacement,
      });
      await row.update(changes);
      return row;
    },
    async deleteModerationRule(rule) {
      const row = await findRule(rule);
      await row.destroy();
    },
    rulesChanged,
  };
}
