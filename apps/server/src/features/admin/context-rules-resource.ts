import { createContextRule, updateContextRule } from '@parley/ai';
import {
  ZContextRuleCreateSchema,
  ZContextRuleUpdateSchema,
  type TContextRule,
  type TContextRuleCreate,
} from '@parley/protocol';
import type { ContextRule, Database } from '@parley/db';
import type { CrudResource } from './crud-routes.ts';
import { presentContextRule } from './resource-presenters.ts';

/**
 * Context rules over REST: a thin adapter over the AI package, which owns them: templates and
 * filters validated, references checked, and `version` bumped on every change (it is part of
 * the AI cache key, so answers cached under the old rule are never served again).
 */
export function contextRulesResource(db: Database): CrudResource<ContextRule, TContextRule> {
  return {
    path: 'context-rules',
    auditName: 'context-rule',
    model: db.models.ContextRule,
    createSchema: ZContextRuleCreateSchema,
    updateSchema: ZContextRuleUpdateSchema,
    present: presentContextRule,
    order: [['name', 'ASC']],
    create: (attributes) => createContextRule(db, attributes as TContextRuleCreate),
    async save(row, attributes) {
      await updateContextRule(db, row, attributes);
    },
  };
}
