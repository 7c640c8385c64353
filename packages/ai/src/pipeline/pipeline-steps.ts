import { buildCacheKey, isHistoryIndependent } from '../cache/cache-key.ts';
import type { KnowledgeHit } from '../knowledge/knowledge-index.ts';
import type { KnowledgeSearch } from '../knowledge/knowledge-service.ts';
import { recordInteraction } from '../logs/interaction-log.ts';
import { estimateCost } from '../logs/model-prices.ts';
import { KNOWLEDGE_ANSWERER_MODEL } from '../providers/knowledge-answerer.ts';
import { formatHistory } from '../prompts/history-window.ts';
import { renderPromptTemplate, usesVariable } from '../prompts/prompt-template.ts';
import type { ProviderUsage } from '../providers/chat-provider.ts';
import type { AnswerRequest, AnswerResult, PipelineDeps } from './pipeline-types.ts';
import type { ResolvedRule } from './resolve-context.ts';

const KNOWLEDGE_TOP_K = 3;

/** The top passages of the rule's knowledge bases (`'all'`: every active base). */
export async function searchKnowledge(
  deps: PipelineDeps,
  rule: ResolvedRule,
  question: string,
): Promise<KnowledgeSearch> {
  let ids = rule.knowledgeBaseIds;
  if (ids === 'all') {
    const bases = await deps.db.models.KnowledgeBaseConfig.findAll({
      attributes: ['id'],
      where: { isActive: true },
    });
    ids = bases.map((base) => base.id);
  }
  return deps.knowledge.search({ knowledgeBaseIds: ids, question, limit: KNOWLEDGE_TOP_K });
}

export function renderPrompt(
  rule: ResolvedRule,
  request: AnswerRequest,
  extra: { hits: KnowledgeHit[]; today: string },
): string {
  const knowledge = extra.hits
    .map((hit, index) => `[${index + 1}] ${hit.chunk.title ?? ''}\n${hit.chunk.content}`)
    .join('\n\n');
  return renderPromptTemplate(rule.template, {
    question: request.question,
    history: formatHistory(request.history, rule.historyTurns),
    knowledge,
    context_name: request.widget.contextName,
    visitor_name: request.visitor.name ?? 'a visitor',
    page_url: request.page?.url ?? '',
    page_title: request.page?.title ?? '',
    date: extra.today,
  });
}

/**
 * The cache key, or `null` when the answer must not be cached: a question that refers back to
 * the conversation, or a template personalised with `{{visitor_name}}`.
 */
export function cacheKeyFor(input: {
  rule: ResolvedRule;
  question: string;
  model: string;
  knowledgeVersion: string;
}): string | null {
  const { rule, question } = input;
  if (!isHistoryIndependent(question) || usesVariable(rule.template, 'visitor_name')) return null;
  return buildCacheKey({
    question,
    contextRuleId: rule.id,
    ruleVersion: rule.version,
    model: input.model,
    knowledgeVersion: input.knowledgeVersion,
  });
}

export function describeHit(hit: KnowledgeHit): AnswerResult['knowledgeHits'][number] {
  return {
    title: hit.chunk.title,
    url: hit.chunk.url,
    score: Number(hit.score.toFixed(3)),
    knowledgeBaseId: hit.chunk.knowledgeBaseId,
  };
}

/** One `ai_interaction_logs` row for a result (nothing on a dry run). */
export async function logResult(
  deps: PipelineDeps,
  entry: { request: AnswerRequest; result: AnswerResult; hits: KnowledgeHit[] },
  extra: {
    decision: 'answered' | 'refused' | 'failed';
    refusalReason: string | null;
    usage?: ProviderUsage;
  },
): Promise<void> {
  const { request, result } = entry;
  if (request.isDryRun) return;
  await recordInteraction(deps.db, {
    visitorId: request.visitor.id,
    sessionId: request.sessionId,
    messageId: request.messageId,
    question: request.question,
    response: result.text,
    model: result.model,
    contextRuleId: result.contextRuleId,
    decision: extra.decision,
    refusalReason: extra.refusalReason,
    cacheHit: result.cacheHit,
    fallbackUsed: result.fallbackUsed,
    knowledgeHits: entry.hits.map((hit) => hit.chunk),
    latencyFirstTokenMs: result.latencyFirstTokenMs,
    latencyTotalMs: result.latencyTotalMs,
    tokensIn: extra.usage?.tokensIn ?? null,
    tokensOut: extra.usage?.tokensOut ?? null,
    estimatedCost: costOf(deps, result, extra.usage),
  });
}

/**
 * What the provider call behind a result cost: nothing when no call was made (a refusal, a
 * cache hit, the built-in answerer), else its tokens at the model's price.
 */
function costOf(
  deps: PipelineDeps,
  result: AnswerResult,
  usage: ProviderUsage | undefined,
): number | null {
  if (result.outcome === 'refused' || result.cacheHit || result.model === KNOWLEDGE_ANSWERER_MODEL)
    return 0;
  if (result.model === 'none') return 0;
  return estimateCost({
    model: result.model,
    tokensIn: usage?.tokensIn ?? null,
    tokensOut: usage?.tokensOut ?? null,
    ...(deps.prices ? { prices: deps.prices } : {}),
  });
}
