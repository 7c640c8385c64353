import {
  answerVisitorMessage,
  ProviderError,
  type PipelineDeps,
  type PipelineWidget,
} from '@parley/ai';
import {
  AppError,
  type TContextRuleTestRequest,
  type TContextRuleTestResult,
} from '@parley/protocol';

/**
 * The dry run admins use to tune a rule: the whole pipeline for one question under rule `id`,
 * storing nothing (no cache entry, no log, no hit counted). On a cache miss the provider is
 * really called, so the answer is what a visitor would get.
 */
export async function testContextRule(
  deps: PipelineDeps,
  input: { ruleId: string; request: TContextRuleTestRequest },
): Promise<TContextRuleTestResult> {
  const rule = await deps.db.models.ContextRule.findByPk(input.ruleId);
  if (!rule) throw new AppError('NOT_FOUND', 'No such context rule');
  const widget = await findWidget(deps, input.ruleId, input.request.widgetId);
  const base = {
    question: input.request.question,
    widget,
    page: input.request.pageUrl ? { url: input.request.pageUrl, title: '' } : null,
    visitor: { id: null, name: null },
    sessionId: null,
    messageId: null,
    history: [],
    ruleId: input.ruleId,
    isDryRun: true,
  };
  try {
    const result = await answerVisitorMessage(deps, base);
    return {
      ...describeDecision(result.decision),
      knowledgeHits: result.knowledgeHits,
      renderedPrompt: result.prompt,
      cache: result.cacheKey === null ? 'not_cacheable' : result.cacheHit ? 'hit' : 'miss',
      answer: result.text,
      sources: result.sources,
      model: result.model,
    };
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return failedRun(deps, base, error);
  }
}

/** When the provider fails, still show the decision, hits and prompt (from a run without it). */
async function failedRun(
  deps: PipelineDeps,
  base: Parameters<typeof answerVisitorMessage>[1],
  error: ProviderError,
): Promise<TContextRuleTestResult> {
  const result = await answerVisitorMessage(
    { ...deps, resolveProvider: () => Promise.resolve(null) },
    base,
  );
  return {
    ...describeDecision(result.decision),
    knowledgeHits: result.knowledgeHits,
    renderedPrompt: result.prompt,
    cache: 'miss',
    answer: null,
    sources: [],
    model: 'unavailable',
    error: `the AI provider failed: ${error.message}`,
  };
}

function describeDecision(decision: Awaited<ReturnType<typeof answerVisitorMessage>>['decision']) {
  return {
    decision: decision.decision,
    reason: decision.reason,
    explanation: decision.explanation,
    matchedKeywords: decision.matchedKeywords,
    matchedExcludedTopics: decision.matchedExcludedTopics,
  };
}

async function findWidget(
  deps: PipelineDeps,
  ruleId: string,
  widgetId: string | undefined,
): Promise<PipelineWidget> {
  const { WidgetConfig } = deps.db.models;
  const widget = widgetId
    ? await WidgetConfig.findByPk(widgetId)
    : await WidgetConfig.findOne({
        where: { contextRuleId: ruleId },
        order: [['createdAt', 'ASC']],
      });
  if (widgetId && !widget) throw new AppError('NOT_FOUND', 'No such widget', { field: 'widgetId' });
  return {
    contextMode: widget?.contextMode ?? 'restricted',
    contextName: widget?.contextName ?? 'Website Assistance',
    contextRuleId: ruleId,
    contextRoutes: null,
    cacheTtlS: widget?.cacheTtlS ?? 86_400,
  };
}
