import {
  ZModerationRuleCreateSchema,
  ZModerationRuleUpdateSchema,
  type TModerationRule,
  type TModerationRuleCreate,
} from '@parley/protocol';
import type { Database, ModerationRule } from '@parley/db';
import type { RuleService } from '../moderation/rule-service.ts';
import type { CrudResource } from './crud-routes.ts';
import { presentModerationRule } from './resource-presenters.ts';

/**
 * Moderation rules over REST: a thin adapter over moderation's rule service, which refuses a
 * pattern that could freeze the server (catastrophic backtracking) or that matches everything,
 * with its reason; the rule cache is refreshed once per write, by the service's model hooks.
 */
export function moderationRulesResource(
  db: Database,
  rules: RuleService,
): CrudResource<ModerationRule, TModerationRule> {
  return {
    path: 'moderation-rules',
    auditName: 'moderation-rule',
    model: db.models.ModerationRule,
    createSchema: ZModerationRuleCreateSchema,
    updateSchema: ZModerationRuleUpdateSchema,
    present: presentModerationRule,
    order: [['name', 'ASC']],
    create: (attributes) => rules.createModerationRule(attributes as TModerationRuleCreate),
    async save(row, attributes) {
      await rules.updateModerationRule(row, attributes);
    },
    remove: (row) => rules.deleteModerationRule(row),
  };
}
