import { applyResponseFilters } from '../filters/response-filters.ts';
import { suggestFollowUps } from '../knowledge/follow-up-suggestions.ts';
import { askModelForFollowUps } from './model-follow-ups.ts';
import type { KnowledgeHit } from '../knowledge/knowledge-index.ts';
import { KNOWLEDGE_ANSWERER_MODEL } from '../providers/knowledge-answerer.ts';
import type { ChatProvider, ProviderUsage } from '../providers/chat-provider.ts';
import { decideTopic } from '../rules/topic-decision.ts';
import { generateAnswer, type GeneratedAnswer } from './generate-answer.ts';
import { renderPromptTemplate } from '../prompts/prompt-template.ts';
import {
  cacheKeyFor,
  describeHit,
  logResult,
  promptValuesFor,
  searchKnowledge,
} from './pipeline-steps.ts';
import type { AnswerRequest, AnswerResult, AnswerSink, PipelineDeps } from './pipeline-types.ts';
import { resolveRule, type ResolvedRule } from './resolve-context.ts';
import { stripInvisible } from '../text/strip-invisible.ts';

export type { AnswerRequest, AnswerResult, AnswerSink, PipelineDeps } from './pipeline-types.ts';

/** What every outcome of one question shares, once the rule, knowledge and decision are known. */
interface Prepared {
  deps: PipelineDeps;
  request: AnswerRequest;
  rule: ResolvedRule;
  hits: KnowledgeHit[];
  startedAt: number;
  base: Omit<
    AnswerResult,
    'outcome' | 'text' | 'sources' | 'suggestions' | 'latencyTotalMs' | 'bookkeeping'
  >;
}

/**
 * The AI pipeline of SPEC §5 for one visitor question: rule → knowledge → topic gate →
 * cache → prompt → provider → filters → log. Refusals never reach a provider. A provider
 * failure is logged (`failed`) and rethrown as a `ProviderError` (deltas may already have been
 * streamed); the caller turns it into `AI_UNAVAILABLE`. Nothing failed is cached.
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
  // What the cache key cannot see must not reach the provider either (issue #16 review).
  request = { ...request, question: stripInvisible(request.question) };
  const rule = await resolveRule(deps.db, {
    widget: request.widget,
    pageUrl: request.page?.url ?? null,
    ruleId: request.ruleId,
    memo: deps.memo,
  });
  const { hits, knowledgeVersion } = await searchKnowledge(deps, rule, request.question);
  const decision = decideTopic({
    mode: request.widget.contextMode,
    question: request.question,
    keywords: rule.keywords,
    excludedTopics: rule.excludedTopics,
    knowledgeScore: hits[0]?.score ?? 0,
    knowledgeCoverage: Math.max(0, ...hits.map((hit) => hit.coverage)),
    knowledgeThreshold: rule.knowledgeThreshold,
  });
  const today = (deps.now?.() ?? new Date()).toISOString().slice(0, 10);
  const values = promptValuesFor(request, { hits, today, historyTurns: rule.historyTurns });
  const base = {
    contextRuleId: rule.id,
    decision,
    knowledgeHits: hits.map(describeHit),
    prompt: renderPromptTemplate(rule.template, values),
    cacheKey: null,
    cacheHit: false,
    model: 'none',
    isUnknown: false,
    isBlocked: false,
    fallbackUsed: false,
    latencyFirstTokenMs: null,
  };
  const prepared: Prepared = { deps, request, rule, hits, startedAt, base };
  if (decision.decision === 'refuse')
    return finish(
      prepared,
      { outcome: 'refused', text: rule.refusalMessage },
      { decision: 'refused', refusalReason: decision.reason },
    );

  const provider = await deps.resolveProvider(rule.preferredModel, rule.providerKeyIds);
  const model = provider?.model ?? KNOWLEDGE_ANSWERER_MODEL;
  const cacheKey = cacheKeyFor({ rule, values, model, knowledgeVersion });
  Object.assign(base, { cacheKey, model });
  const cached = cacheKey ? await deps.cache.get(cacheKey) : null;
  if (cached)
    return finish(
      prepared,
      { text: cached.text, sources: cached.sources, cacheHit: true },
      { decision: 'answered', refusalReason: null, cacheHitId: cached.id },
    );
  return answerFresh(deps, prepared, { provider, sink });
}

async function answerFresh(
  deps: PipelineDeps,
  prepared: Prepared,
  options: { provider: ChatProvider | null; sink: AnswerSink },
): Promise<AnswerResult> {
  const { request, rule } = prepared;
  let generated: GeneratedAnswer;
  try {
    generated = await generateAnswer({
      provider: options.provider,
      prompt: prepared.base.prompt,
      question: request.question,
      hits: prepared.hits,
      minScore: rule.knowledgeThreshold,
      sink: options.sink,
      startedAt: prepared.startedAt,
      // Filters that rewrite text would be bypassed by the stream: then only the final is shown.
      isStreamed: rule.filters.every(
        (filter) => filter.type === 'max_length' || filter.type === 'append',
      ),
    });
  } catch (error) {
    const reason = `provider: ${(error as Error).message}`;
    await finish(prepared, { text: '' }, { decision: 'failed', refusalReason: reason }).bookkeeping;
    throw error;
  }
  const filtered = applyResponseFilters(generated.text, rule.filters);
  const fromModel =
    options.provider &&
    deps.suggestionsFromModel &&
    !generated.isUnknown &&
    !filtered.isBlocked &&
    !request.isDryRun
      ? await askModelForFollowUps({
          provider: options.provider,
          question: request.question,
          answer: filtered.text,
          hits: prepared.hits,
          ...(options.sink.signal ? { signal: options.sink.signal } : {}),
        })
      : null;
  const result = finish(
    prepared,
    {
      text: filtered.text,
      sources: generated.sources,
      suggestions: fromModel?.suggestions.length
        ? fromModel.suggestions
        : suggestFollowUps({
            question: request.question,
            hits: prepared.hits,
            quotedTitles: quotedTitles(generated, options.provider !== null),
          }),
      isUnknown: generated.isUnknown,
      isBlocked: filtered.isBlocked,
      latencyFirstTokenMs: generated.latencyFirstTokenMs,
      ...(generated.fallbackModel ? { model: generated.fallbackModel, fallbackUsed: true } : {}),
    },
    {
      decision: 'answered',
      refusalReason: null,
      usage: fromModel ? addUsage(generated.usage, fromModel.usage) : generated.usage,
    },
  );
  // A fallback model's answer is not stored under the first model's key.
  if (result.cacheKey && !result.isUnknown && !result.fallbackUsed && !request.isDryRun)
    await deps.cache.put({
      key: result.cacheKey,
      question: request.question,
      text: result.text,
      sources: result.sources,
      model: result.model,
      contextRuleId: rule.id,
      ttlS: rule.cacheTtlS,
    });
  return result;
}

/** Builds the result of an outcome, with its total latency, and starts its bookkeeping. */
function finish(
  prepared: Prepared,
  fields: Partial<AnswerResult> & { text: string },
  log: Parameters<typeof logResult>[2] & { cacheHitId?: string },
): AnswerResult {
  const { deps } = prepared;
  const result: AnswerResult = {
    ...prepared.base,
    outcome: 'answered',
    sources: [],
    suggestions: [],
    ...fields,
    latencyTotalMs: performance.now() - prepared.startedAt,
    bookkeeping: Promise.resolve(),
  };
  const writes = [logResult(deps, { request: prepared.request, result, hits: prepared.hits }, log)];
  if (log.cacheHitId && !prepared.request.isDryRun)
    writes.push((deps.writes ?? deps.cache).countHit(log.cacheHitId));
  result.bookkeeping = Promise.all(writes).then(
    () => undefined,
    (error: unknown) => deps.onBackgroundError?.(error),
  );
  return result;
}

/** Both calls' tokens, so the cost of the follow-up call is counted with the answer's. */
function addUsage(first: ProviderUsage, second: ProviderUsage): ProviderUsage {
  const add = (a: number | null, b: number | null) =>
    a === null && b === null ? null : (a ?? 0) + (b ?? 0);
  return {
    tokensIn: add(first.tokensIn, second.tokensIn),
    tokensOut: add(first.tokensOut, second.tokensOut),
  };
}

/**
 * The passages an answer came from, not to be suggested again: the knowledge answerer's quotes;
 * for a model, which is given every retrieved passage, the best one (it answers from it first).
 */
function quotedTitles(generated: GeneratedAnswer, isModel: boolean): string[] {
  if (generated.isUnknown) return [];
  const titles = generated.sources.map((source) => source.title);
  return isModel ? titles.slice(0, 1) : titles;
}
