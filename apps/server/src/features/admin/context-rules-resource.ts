import { validatePromptTemplate, validateResponseFilters } from '@parley/ai';
import {
  ZContextRuleCreateSchema,
  ZContextRuleUpdateSchema,
  type TContextRule,
} from '@parley/protocol';
import type { ContextRule, Database } from '@parley/db';
import type { CrudResource } from './crud-routes.ts';
import { presentContextRule } from './resource-presenters.ts';
import { assertExists } from './resource-json.ts';

/**
 * Context rules. Templates and filters are checked with the AI package's validators before they
 * are saved; every change bumps `version`, which is part of the AI cache key, so answers cached
 * under the old rule are never served again.
 */
export function contextRulesResource(db: Database): CrudResource<ContextRule, TContextRule> {
  const { ContextRule: Rules, PromptTemplate, KnowledgeBaseConfig, ApiKey } = db.models;
  const prepare = async (input: Record<string, unknown>) => {
    if (typeof input.promptTemplate === 'string' && input.promptTemplate !== '')
      validatePromptTemplate(input.promptTemplate, 'promptTemplate');
    if (input.responseFilters !== undefined && input.responseFilters !== null)
      input.responseFilters = validateResponseFilters(input.responseFilters);
    await assertExists(PromptTemplate, input.promptTemplateId as string | null, 'promptTemplateId');
    await assertExists(
      KnowledgeBaseConfig,
      input.knowledgeBaseIds as string[] | null,
      'knowledgeBaseIds',
    );
    await assertExists(ApiKey, input.providerKeyIds as string[] | null, 'providerKeyIds');
    return input;
  };
  return {
    path: 'context-rules',
    auditName: 'context-rule',
    model: Rules,
    createSchema: ZContextRuleCreateSchema,
    updateSchema: ZContextRuleUpdateSchema,
    present: presentContextRule,
    order: [['name', 'ASC']],
    toCreate: prepare,
    toUpdate: async (input, row) => ({ ...(await prepare(input)), version: row.version + 1 }),
  };
}
