import type { ContextRule, Database } from '@parley/db';
import { AppError, type TContextRuleCreate, type TContextRuleUpdate } from '@parley/protocol';
import { validateResponseFilters, type TResponseFilter } from '../filters/response-filters.ts';
import { validatePromptTemplate } from '../prompts/prompt-template.ts';

/** A change to a rule as the admin API shapes it. */
export type ContextRulePatch = TContextRuleUpdate;

/**
 * Checks what an admin saves on a rule: the prompt template (unknown variables, unbalanced
 * braces → `INVALID_PAYLOAD` with the position) and the response filters (shape, safe patterns).
 * Returns the filters parsed.
 */
export function validateContextRulePatch(patch: ContextRulePatch): {
  responseFilters?: TResponseFilter[] | null;
} {
  if (patch.promptTemplate) validatePromptTemplate(patch.promptTemplate, 'promptTemplate');
  if (patch.responseFilters === undefined) return {};
  if (patch.responseFilters === null) return { responseFilters: null };
  return { responseFilters: validateResponseFilters(patch.responseFilters) };
}

type Counter = (ids: string[]) => Promise<number>;

/** A reference to a template, knowledge base or provider key that does not exist is refused. */
async function assertReferences(db: Database, patch: ContextRulePatch): Promise<void> {
  const { PromptTemplate, KnowledgeBaseConfig, ApiKey } = db.models;
  const references: [Counter, string[], string][] = [
    [
      (id) => PromptTemplate.count({ where: { id } }),
      patch.promptTemplateId ? [patch.promptTemplateId] : [],
      'promptTemplateId',
    ],
    [
      (id) => KnowledgeBaseConfig.count({ where: { id } }),
      patch.knowledgeBaseIds ?? [],
      'knowledgeBaseIds',
    ],
    [(id) => ApiKey.count({ where: { id } }), patch.providerKeyIds ?? [], 'providerKeyIds'],
  ];
  for (const [count, ids, field] of references) {
    const unique = [...new Set(ids)];
    if (unique.length > 0 && (await count(unique)) !== unique.length)
      throw new AppError('INVALID_PAYLOAD', `${field} refers to something that does not exist`, {
        field,
      });
  }
}

/** The attributes to store: the patch with its filters parsed (absent: unchanged). */
async function prepare(db: Database, patch: ContextRulePatch): Promise<Record<string, unknown>> {
  const { responseFilters } = validateContextRulePatch(patch);
  await assertReferences(db, patch);
  const attributes: Record<string, unknown> = { ...patch };
  if (responseFilters !== undefined) attributes.responseFilters = responseFilters;
  return attributes;
}

/**
 * Context rules are written only here (the admin REST resource adapts these): validated, their
 * references checked, and every change bumps `version`, which is part of the AI cache key, so
 * answers cached under the old rule are never served again.
 *
 * @example
 * const rule = await createContextRule(db, { name: 'Docs', contextType: 'docs', keywords: ['api'] });
 */
export async function createContextRule(
  db: Database,
  draft: TContextRuleCreate,
): Promise<ContextRule> {
  return db.models.ContextRule.create((await prepare(db, draft)) as never);
}

/**
 * Applies a validated change to a rule (a row or its id) and bumps its `version`, so cached
 * answers made under the old rule stop matching.
 *
 * @example
 * await updateContextRule(db, ruleId, { keywords: ['refund', 'shipping'] });
 */
export async function updateContextRule(
  db: Database,
  ruleOrId: ContextRule | string,
  patch: ContextRulePatch,
): Promise<ContextRule> {
  const rule =
    typeof ruleOrId === 'string' ? await db.models.ContextRule.findByPk(ruleOrId) : ruleOrId;
  if (!rule) throw new AppError('NOT_FOUND', 'No such context rule');
  const attributes = await prepare(db, patch);
  await rule.update({ ...attributes, version: rule.version + 1 });
  return rule;
}
