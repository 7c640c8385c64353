import { AppError } from '@parley/protocol';
import type { Database, ModerationRule } from '@parley/db';
import { validateRule, type ModerationRuleAction } from '@parley/moderation';
import type { ModerationEvents } from './moderation-events.ts';
import type { RuleCache } from './rule-cache.ts';

export interface ModerationRuleDraft {
  name: string;
  description?: string | null;
  pattern: string;
  isRegex?: boolean;
  action?: ModerationRuleAction;
  replacement?: string | null;
  isActive?: boolean;
}

export interface RuleService {
  /** Validates (refusing unsafe or invalid patterns with the reason) and saves a rule. */
  createModerationRule(draft: ModerationRuleDraft): Promise<ModerationRule>;
  updateModerationRule(id: string, changes: Partial<ModerationRuleDraft>): Promise<ModerationRule>;
  deleteModerationRule(id: string): Promise<void>;
  /**
   * Refreshes this node's cache and announces the change. Runs by itself on every write through
   * the models (see `watchRuleChanges`); call it after writing `moderation_rules` in raw SQL.
   */
  rulesChanged(): void;
}

/** Moderation rules, always validated before they are stored; every change refreshes the cache. */
export function createRuleService(parts: {
  db: Database;
  rules: RuleCache;
  events: ModerationEvents;
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
  const findRule = async (id: string) => {
    const row = await Rules.findByPk(id);
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
    async updateModerationRule(id, changes) {
      const row = await findRule(id);
      assertValid({
        pattern: changes.pattern ?? row.pattern,
        isRegex: changes.isRegex ?? row.isRegex,
        action: changes.action ?? row.action,
        replacement: changes.replacement !== undefined ? changes.replacement : row.replacement,
      });
      await row.update(changes);
      return row;
    },
    async deleteModerationRule(id) {
      const row = await findRule(id);
      await row.destroy();
    },
    rulesChanged,
  };
}
