import type { ContextRule, Database } from '@parley/db';
import type { PipelineMemo } from './pipeline-memo.ts';
import { DEFAULT_PROMPT_TEMPLATE } from '../prompts/prompt-template.ts';
import { routeContextRule, type ContextRouteEntry } from '../rules/context-routing.ts';
import type { ContextMode } from '../rules/topic-decision.ts';
import type { TResponseFilter } from '../filters/response-filters.ts';

/** The widget settings the pipeline reads (a subset of `widget_configs`). */
export interface PipelineWidget {
  contextMode: ContextMode;
  contextName: string;
  contextRuleId: string | null;
  contextRoutes: unknown;
  cacheTtlS: number;
  /** Provider profiles in fallback order (`widget_configs.provider_key_ids`). */
  providerKeyIds?: readonly string[] | null;
}

/** Everything the pipeline needs from a context rule, with defaults filled in. */
export interface ResolvedRule {
  id: string | null;
  version: number;
  keywords: string[];
  excludedTopics: string[];
  template: string;
  refusalMessage: string;
  filters: TResponseFilter[];
  /** The bases to search; `'all'` when the rule uses knowledge without naming bases. */
  knowledgeBaseIds: string[] | 'all';
  knowledgeThreshold: number;
  historyTurns: number;
  preferredModel: string | null;
  /** Provider profiles in fallback order: the rule's, else the widget's; empty: the default. */
  providerKeyIds: string[];
  cacheTtlS: number;
}

export const DEFAULT_REFUSAL =
  "Sorry, I can only help with questions about this website's topics. Would you like to talk to a person?";
/** BM25 score from which retrieval alone makes a question on-topic (and the answerer answers). */
export const DEFAULT_KNOWLEDGE_THRESHOLD = 1.5;

function asRoutes(value: unknown): ContextRouteEntry[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (entry): entry is ContextRouteEntry =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as ContextRouteEntry).pattern === 'string' &&
      typeof (entry as ContextRouteEntry).contextRuleId === 'string',
  );
}

/**
 * The rule for this question: `ruleId` if given (the dry run), else the page's routed rule,
 * else the widget's. An inactive or missing rule gives the defaults (no keywords, all active
 * knowledge bases not used).
 */
export async function resolveRule(
  db: Database,
  input: {
    widget: PipelineWidget;
    pageUrl: string | null;
    ruleId?: string | null;
    memo?: PipelineMemo | undefined;
  },
): Promise<ResolvedRule> {
  const id =
    input.ruleId ??
    routeContextRule({
      pageUrl: input.pageUrl,
      routes: asRoutes(input.widget.contextRoutes),
      defaultRuleId: input.widget.contextRuleId,
    });
  const rule = !id
    ? null
    : input.memo
      ? await input.memo.rule(id)
      : await db.models.ContextRule.findByPk(id, { include: ['namedPromptTemplate'] });
  if (!rule || !rule.isActive) return defaults(input.widget);
  return fromRule(rule, input.widget);
}

/**
 * A named template the admin picked wins over the rule's own text: the dashboard offers the
 * rule's text only for "(none)", and a text left over from before the pick must not silently
 * stay in force, not even once the picked template is switched off (then the default applies).
 */
function templateOf(rule: ContextRule): string {
  if (rule.promptTemplateId)
    return rule.namedPromptTemplate?.isActive
      ? rule.namedPromptTemplate.template
      : DEFAULT_PROMPT_TEMPLATE;
  return rule.promptTemplate ?? DEFAULT_PROMPT_TEMPLATE;
}

function fromRule(rule: ContextRule, widget: PipelineWidget): ResolvedRule {
  return {
    id: rule.id,
    version: rule.version,
    keywords: rule.keywords ?? [],
    excludedTopics: rule.excludedTopics ?? [],
    template: templateOf(rule),
    refusalMessage: rule.refusalMessage ?? DEFAULT_REFUSAL,
    filters: rule.responseFilters ?? [],
    knowledgeBaseIds: rule.knowledgeBaseIds?.length
      ? rule.knowledgeBaseIds
      : rule.useKnowledgeBases
        ? 'all'
        : [],
    knowledgeThreshold: rule.knowledgeThreshold ?? DEFAULT_KNOWLEDGE_THRESHOLD,
    historyTurns: rule.historyTurns,
    preferredModel: rule.preferredModel,
    providerKeyIds: rule.providerKeyIds?.length
      ? rule.providerKeyIds
      : [...(widget.providerKeyIds ?? [])],
    cacheTtlS: rule.cacheTtlS ?? widget.cacheTtlS,
  };
}

function defaults(widget: PipelineWidget): ResolvedRule {
  return {
    id: null,
    version: 0,
    keywords: [],
    excludedTopics: [],
    template: DEFAULT_PROMPT_TEMPLATE,
    refusalMessage: DEFAULT_REFUSAL,
    filters: [],
    knowledgeBaseIds: [],
    knowledgeThreshold: DEFAULT_KNOWLEDGE_THRESHOLD,
    historyTurns: 6,
    preferredModel: null,
    providerKeyIds: [...(widget.providerKeyIds ?? [])],
    cacheTtlS: widget.cacheTtlS,
  };
}
