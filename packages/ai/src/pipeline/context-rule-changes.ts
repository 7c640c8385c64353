import type { ContextRule, Database } from '@parley/db';
import { AppError } from '@parley/protocol';
import { validateResponseFilters, type TResponseFilter } from '../filters/response-filters.ts';
import { validatePromptTemplate } from '../prompts/prompt-template.ts';

export interface ContextRulePatch {
  keywords?: string[] | null;
  excludedTopics?: string[] | null;
  promptTemplate?: string | null;
  responseFilters?: unknown;
  refusalMessage?: string | null;
  knowledgeBaseIds?: string[] | null;
  useKnowledgeBases?: boolean;
  knowledgeThreshold?: number | null;
  historyTurns?: number;
  preferredModel?: string | null;
  cacheTtlS?: number | null;
  isActive?: boolean;
}

/**
 * Checks what an admin saves on a rule: the prompt template (unknown variables, unbalanced
 * braces → `INVALID_PAYLOAD` with the position) and the response filters (shape, safe patterns).
 * Returns the filters parsed.
 */
export function validateContextRulePatch(patch: ContextRulePatch): {
  responseFilters?: TResponseFilter[];
} {
  if (patch.promptTemplate) validatePromptTemplate(patch.promptTemplate, 'promptTemplate');
  if (patch.responseFilters === undefined) return {};
  return { responseFilters: validateResponseFilters(patch.responseFilters) };
}

/**
 * Applies a validated change to a rule and bumps its `version`, so cached answers made under
 * the old rule stop matching.
 *
 * @example
 * await updateContextRule(db, ruleId, { keywords: ['refund', 'shipping'] });
 */
export async function updateContextRule(
  db: Database,
  id: string,
  patch: ContextRulePatch,
): Promise<ContextRule> {
  const { responseFilters } = validateContextRulePatch(patch);
  const rule = await db.models.ContextRule.findByPk(id);
  if (!rule) throw new AppError('NOT_FOUND', 'no such context rule');
  const changes: Record<string, unknown> = { ...patch, version: rule.version + 1 };
  // The parsed filters replace the raw ones the admin sent; absent means unchanged.
  if (responseFilters) changes.responseFilters = responseFilters;
  else delete changes.responseFilters;
  await rule.update(changes);
  return rule;
}
