import { buildCacheKey, isHistoryIndependent } from '../cache/cache-key.ts';
import type { KnowledgeHit } from '../knowledge/knowledge-index.ts';
import type { KnowledgeSearch } from '../knowledge/knowledge-service.ts';
import { recordInteraction, type InteractionEntry } from '../logs/interaction-log.ts';
import { estimateCost } from '../logs/model-prices.ts';
import { KNOWLEDGE_ANSWERER_MODEL } from '../providers/knowledge-answerer.ts';
import { formatHistory } from '../prompts/history-window.ts';
import {
  validatePromptTemplate,
  type PromptValues,
  type PromptVariable,
} from '../prompts/prompt-template.ts';
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
  if (deps.memo) {
    const active = await deps.memo.activeBases();
    const named = rule.knowledgeBaseIds;
    const bases = active.filter(
      (base) => base.status === 'ready' && (named === 'all' || named.includes(base.id)),
    );
    const ids = named === 'all' ? active.map((base) => base.id) : named;
    return deps.knowledge.search({
      knowledgeBaseIds: ids,
      question,
      limit: KNOWLEDGE_TOP_K,
      bases,
    });
  }
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

/** What fills each `{{variable}}` of the rule's template for this request. */
export function promptValuesFor(
  request: AnswerRequest,
  extra: { hits: KnowledgeHit[]; today: string; historyTurns: number },
): Required<PromptValues> {
  const knowledge = extra.hits
    .map((hit, index) => `[${index + 1}] ${hit.chunk.title ?? ''}\n${hit.chunk.content}`)
    .join('\n\n');
  return {
    question: request.question,
    history: formatHistory(request.history, extra.historyTurns),
    knowledge,
    context_name: request.widget.contextName,
    visitor_name: request.visitor.name ?? 'a visitor',
    page_url: request.page?.url ?? '',
    page_title: request.page?.title ?? '',
    date: extra.today,
  };
}

/**
 * The cache key, or `null` when the answer must not be cached. Nothing a visitor alone put in
 * the prompt may reach another visitor (issue #16), so:
 * - a prompt holding this visitor's earlier turns or their name is never cached (the answer is
 *   theirs alone);
 * - everything else the template was filled with (page title and URL, date, knowledge) and the
 *   template text are part of the key, so an answer is only served to an identical prompt;
 * - a question that refers back to the conversation is not cached (SPEC §5.4).
 */
export function cacheKeyFor(input: {
  rule: ResolvedRule;
  values: Required<PromptValues>;
  model: string;
  knowledgeVersion: string;
}): string | null {
  const { rule, values } = input;
  const used = validatePromptTemplate(rule.template);
  const isPersonal =
    used.includes('visitor_name') || (used.includes('history') && values.history !== '');
  if (isPersonal || !isHistoryIndependent(values.question)) return null;
  const promptValues = Object.fromEntries(
    used
      .filter((name): name is Exclude<PromptVariable, 'question'> => name !== 'question')
      .map((name) => [name, values[name]]),
  );
  return buildCacheKey({
    question: values.question,
    contextRuleId: rule.id,
    ruleVersion: rule.version,
    model: input.model,
    knowledgeVersion: input.knowledgeVersion,
    template: rule.template,
    promptValues,
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
  const interaction: InteractionEntry = {
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
  };
  // Batched when the server wires a write batch (one commit per window, after the answer).
  if (deps.writes) await deps.writes.logInteraction(interaction);
  else await recordInteraction(deps.db, interaction);
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
