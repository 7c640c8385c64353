import { validateRule } from '@parley/moderation';
import {
  AppError,
  ZModerationRuleCreateSchema,
  ZModerationRuleUpdateSchema,
  type TModerationRule,
} from '@parley/protocol';
import type { Database, ModerationRule } from '@parley/db';
import type { CrudResource } from './crud-routes.ts';
import { presentModerationRule } from './resource-presenters.ts';

/** A rule check before saving: the moderation package's `validateRule` by default. */
export type ModerationRuleValidator = typeof validateRule;

/**
 * Moderation rules, checked with the moderation package before they are saved: a pattern that
 * could freeze the server (catastrophic backtracking) or that matches everything is refused with
 * its reason. Every change refreshes the moderation feature's rule cache.
 */
export function moderationRulesResource(
  db: Database,
  options: { validate?: ModerationRuleValidator; rules?: { rulesChanged(ruleId: string): void } },
): CrudResource<ModerationRule, TModerationRule> {
  const check = (input: Record<string, unknown>, row?: ModerationRule) => {
    const verdict = (options.validate ?? validateRule)({
      pattern: (input.pattern ?? row?.pattern ?? '') as string,
      isRegex: (input.isRegex ?? row?.isRegex ?? false) as boolean,
      action: (input.action ?? row?.action ?? 'flag') as 'flag' | 'block' | 'replace',
      replacement: (input.replacement !== undefined
        ? input.replacement
        : (row?.replacement ?? null)) as string | null,
    });
    if (!verdict.ok)
      throw new AppError('INVALID_PAYLOAD', verdict.reason, { field: verdict.field });
    return Promise.resolve(input);
  };
  return {
    path: 'moderation-rules',
    auditName: 'moderation-rule',
    model: db.models.ModerationRule,
    createSchema: ZModerationRuleCreateSchema,
    updateSchema: ZModerationRuleUpdateSchema,
    present: presentModerationRule,
    order: [['name', 'ASC']],
    toCreate: (input) => check(input),
    toUpdate: (input, row) => check(input, row),
    afterChange: (row) => options.rules?.rulesChanged(row.id),
  };
}
