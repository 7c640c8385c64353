import type { Database } from '@parley/db';
import type { TMessageSource } from '@parley/protocol';
import { buildCacheKey, isHistoryIndependent } from '../cache/cache-key.ts';
import type { ResponseCache } from '../cache/response-cache.ts';
import { applyResponseFilters } from '../filters/response-filters.ts';
import type { KnowledgeHit } from '../knowledge/knowledge-index.ts';
import type { KnowledgeService } from '../knowledge/knowledge-service.ts';
import { recordInteraction } from '../logs/interaction-log.ts';
import { formatHistory, type HistoryTurn } from '../prompts/history-window.ts';
import { renderPromptTemplate, usesVariable } from '../prompts/prompt-template.ts';
import type { ProviderResolver } from '../providers/provider-resolver.ts';
import { decideTopic, type TopicDecision } from '../rules/topic-decision.ts';
import { generateAnswer, type GeneratedAnswer } from './generate-answer.ts';
import { resolveRule, type PipelineWidget, type ResolvedRule } from './resolve-context.ts';

export interface PipelineDeps {
  db: Database;
  knowledge: KnowledgeService;
  cache: ResponseCache;
  resolveProvider: ProviderResolver;
  now?: () => Date;
}

export interface AnswerRequest {
  question: string;
  widget: PipelineWidget;
  page: { url: string; title: string } | null;
  visitor: { id: string | null; name: string | null };
  sessionId: string | null;
  /** The id the answer will be committed under, for the log. */
  messageId: string | null;
  /** Earlier turns, oldest first, without the question itself. */
  history: readonly HistoryTurn[];
  /** Force a rule (the dry run); otherwise routed from the page and the widget. */
  ruleId?: string | null;
  /** Dry run: decide, retrieve, look up the cache and render, but store nothing. */
  isDryRun?: boolean;
}

/** Where a streamed answer goes (the conversation's responder output, or nowhere). */
export interface AnswerSink {
  signal?: AbortSignal;
  typing?(isTyping: boolean): void;
  delta?(text: string): void;
}

export interface AnswerResult {
  outcome: 'answered' | 'refused';
  text: string;
  sources: TMessageSource[];
  contextRuleId: string | null;
  decision: TopicDecision;
  knowledgeHits: {
    title: string | null;
    url: string | null;
    score: number;
    knowledgeBaseId: string;
  }[];
  prompt: string;
  cacheKey: string | null;
  cacheHit: boolean;
  model: string;
  /** The knowledge answerer found nothing: the text offers a person. */
  isUnknown: boolean;
  isBlocked: boolean;
  latencyFirstTokenMs: number | null;
  latencyTotalMs: number;
}

const KNOWLEDGE_TOP_K = 3;

/**
 * The AI pipeline of SPEC §5 for one visitor question: rule → knowledge → topic gate →
 * cache → prompt → provider → filters → log. Refusals never reach a provider. A provider
 * failure is logged (`failed`) and rethrown as a `ProviderError` (deltas may already have been
 * streamed); the caller turns it into `AI_UNAVAILABLE`.
 *
 * @example
 * const result = await answerVisitorMessage(deps, { question, widget, page, visitor, sessionId, messageId, history }, output);
 * await output.commit({ content: result.text, sources: result.sources });
 */
export async function answerVisitorMessage(
  deps: PipelineDeps,
  request: AnswerRequest,
  sink: AnswerSink = {},
): Promise<AnswerResult> {
  const startedAt = performance.now();
  const rule = await resolveRule(deps.db, {
    widget: request.widget,
    pageUrl: request.page?.url ?? null,
    ruleId: request.ruleId,
  });
  const { hits, knowledgeVersion } = await searchKnowledge(deps, rule, request.question);
  const decision = decideTopic({
    mode: request.widget.contextMode,
    question: request.question,
    keywords: rule.keywords,
    excludedTopics: rule.excludedTopics,
    knowledgeScore: hits[0]?.score ?? 0,
    knowledgeThreshold: rule.knowledgeThreshold,
  });
  const prompt = renderPrompt(rule, request, {
    hits,
    today: (deps.now?.() ?? new Date()).toISOString().slice(0, 10),
  });
  const base = {
    contextRuleId: rule.id,
    decision,
    knowledgeHits: hits.map(describeHit),
    prompt,
    isBlocked: false,
  };
  if (decision.decision === 'refuse') {
    const result: AnswerResult = {
      ...base,
      outcome: 'refused',
      text: rule.refusalMessage,
      sources: [],
      cacheKey: null,
      cacheHit: false,
      model: 'none',
      isUnknown: false,
      latencyFirstTokenMs: null,
      latencyTotalMs: performance.now() - startedAt,
    };
    await log(
      deps,
      { request, result: result },
      { decision: 'refused', refusalReason: decision.reason, hits },
    );
    return result;
  }
  const provider = await deps.resolveProvider(rule.preferredModel);
  const model = provider?.model ?? 'parley-knowledge';
  const isCacheable =
    isHistoryIndependent(request.question) && !usesVariable(rule.template, 'visitor_name');
  const cacheKey = isCacheable
    ? buildCacheKey({
        question: request.question,
        contextRuleId: rule.id,
        ruleVersion: rule.version,
        model,
        knowledgeVersion,
      })
    : null;
  const cached = cacheKey ? await deps.cache.get(cacheKey, { countHit: !request.isDryRun }) : null;
  if (cached) {
    const result: AnswerResult = {
      ...base,
      outcome: 'answered',
      text: cached.text,
      sources: cached.sources,
      cacheKey,
      cacheHit: true,
      model,
      isUnknown: false,
      latencyFirstTokenMs: null,
      latencyTotalMs: performance.now() - startedAt,
    };
    await log(
      deps,
      { request, result: result },
      { decision: 'answered', refusalReason: null, hits },
    );
    return result;
  }
  return answerFresh(deps, {
    request,
    rule,
    hits,
    prompt,
    provider,
    model,
    cacheKey,
    base,
    startedAt,
    sink,
  });
}

interface FreshContext {
  request: AnswerRequest;
  rule: ResolvedRule;
  hits: KnowledgeHit[];
  prompt: string;
  provider: Awaited<ReturnType<ProviderResolver>>;
  model: string;
  cacheKey: string | null;
  base: Pick<AnswerResult, 'contextRuleId' | 'decision' | 'knowledgeHits' | 'prompt'>;
  startedAt: number;
  sink: AnswerSink;
}

async function answerFresh(deps: PipelineDeps, context: FreshContext): Promise<AnswerResult> {
  const { request, rule, hits, startedAt } = context;
  let generated: GeneratedAnswer;
  try {
    generated = await generateAnswer({
      provider: context.provider,
      prompt: context.prompt,
      question: request.question,
      hits,
      minScore: rule.knowledgeThreshold,
      sink: context.sink,
      isStreamed: rule.filters.every(
        (filter) => filter.type === 'max_length' || filter.type === 'append',
      ),
      startedAt,
    });
  } catch (error) {
    const failed = {
      ...context.base,
      outcome: 'answered' as const,
      text: '',
      sources: [],
      cacheKey: context.cacheKey,
      cacheHit: false,
      model: context.model,
      isUnknown: false,
      isBlocked: false,
      latencyFirstTokenMs: null,
      latencyTotalMs: performance.now() - startedAt,
    };
    await log(
      deps,
      { request, result: failed },
      {
        decision: 'failed',
        refusalReason: `provider: ${(error as Error).message}`,
        hits,
      },
    ).catch(() => undefined);
    throw error;
  }
  const filtered = applyResponseFilters(generated.text, rule.filters);
  const result: AnswerResult = {
    ...context.base,
    outcome: 'answered',
    text: filtered.text,
    sources: generated.sources,
    cacheKey: context.cacheKey,
    cacheHit: false,
    model: context.model,
    isUnknown: generated.isUnknown,
    isBlocked: filtered.isBlocked,
    latencyFirstTokenMs: generated.latencyFirstTokenMs,
    latencyTotalMs: performance.now() - startedAt,
  };
  if (context.cacheKey && !generated.isUnknown && !request.isDryRun)
    await deps.cache.put({
      key: context.cacheKey,
      question: request.question,
      text: result.text,
      sources: result.sources,
      model: context.model,
      contextRuleId: rule.id,
      ttlS: rule.cacheTtlS,
    });
  await log(
    deps,
    { request, result: result },
    {
      decision: 'answered',
      refusalReason: null,
      hits,
      usage: generated.usage,
    },
  );
  return result;
}

async function searchKnowledge(deps: PipelineDeps, rule: ResolvedRule, question: string) {
  let ids = rule.knowledgeBaseIds;
  if (ids === 'all')
    ids = (
      await deps.db.models.KnowledgeBaseConfig.findAll({
        attributes: ['id'],
        where: { isActive: true },
      })
    ).map((base) => base.id);
  return deps.knowledge.search({ knowledgeBaseIds: ids, question, limit: KNOWLEDGE_TOP_K });
}

function renderPrompt(
  rule: ResolvedRule,
  request: AnswerRequest,
  extra: { hits: KnowledgeHit[]; today: string },
): string {
  const { hits } = extra;
  const knowledge = hits
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

function describeHit(hit: KnowledgeHit) {
  return {
    title: hit.chunk.title,
    url: hit.chunk.url,
    score: Number(hit.score.toFixed(3)),
    knowledgeBaseId: hit.chunk.knowledgeBaseId,
  };
}

async function log(
  deps: PipelineDeps,
  entry: { request: AnswerRequest; result: AnswerResult },
  extra: {
    decision: 'answered' | 'refused' | 'failed';
    refusalReason: string | null;
    hits: KnowledgeHit[];
    usage?: GeneratedAnswer['usage'];
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
    knowledgeHits: extra.hits.map((hit) => hit.chunk),
    latencyFirstTokenMs: result.latencyFirstTokenMs,
    latencyTotalMs: result.latencyTotalMs,
    tokensIn: extra.usage?.tokensIn ?? null,
    tokensOut: extra.usage?.tokensOut ?? null,
  });
}
