import { compileSafePattern } from '@parley/ai';
import {
  AppError,
  ZModerationRuleCreateSchema,
  ZModerationRuleUpdateSchema,
} from '@parley/protocol';
import type { Database, ModerationRule } from '@parley/db';
import type { CrudResource } from './crud-routes.ts';

/** The moderation package's verdict on a rule before it is saved. */
export type ModerationRuleValidator = (rule: {
  pattern: string;
  isRegex: boolean;
  action: 'flag' | 'block' | 'replace';
  replacement: string | null;
}) => { ok: true } | { ok: false; field: string; reason: string };

/** Without the moderation package: regexes must at least compile under the safe engine. */
const fallbackValidator: ModerationRuleValidator = (rule) => {
  if (rule.isRegex) compileSafePattern(rule.pattern, 'pattern');
  return { ok: true };
};

/**
 * Moderation rules; a pattern that could freeze the server (catastrophic backtracking) or that
 * matches everything is refused when saved, with the validator's reason.
 */
export function moderationRulesResource(
  db: Database,
  validate: ModerationRuleValidator = fallbackValidator,
): CrudResource<ModerationRule> {
  const check = (input: Record<string, unknown>, row?: ModerationRule) => {
    const merged = {
      pattern: (input.pattern ?? row?.pattern ?? '') as string,
      isRegex: Boolean(input.isRegex ?? row?.isRegex ?? false),
      action: (input.action ?? row?.action ?? 'flag') as 'flag' | 'block' | 'replace',
      replacement: (input.replacement ?? row?.replacement ?? null) as string | null,
    };
    const verdict = validate(merged);
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
    order: [['name', 'ASC']],
    toCreate: (input) => check(input),
    toUpdate: (input, row) => check(input, row),
  };
}
