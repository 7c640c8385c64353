import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@parley/db';
import {
  DATABASE_KINDS,
  startOpenAiCompatibleServer,
  type OpenAiCompatibleServer,
} from '@parley/test-kit';
import { createResponseCache } from '../cache/response-cache.ts';
import { createKnowledgeService } from '../knowledge/knowledge-service.ts';
import { ProviderError } from '../providers/chat-provider.ts';
import { UNKNOWN_ANSWER } from '../providers/knowledge-answerer.ts';
import { createProviderResolver } from '../providers/provider-resolver.ts';
import { useMigratedDatabase } from '@parley/db/test-support';
import {
  answerVisitorMessage,
  type AnswerRequest,
  type PipelineDeps,
} from './answer-visitor-message.ts';
import { updateContextRule } from './context-rule-changes.ts';
import type { PipelineWidget } from './resolve-context.ts';

/** Answers, then waits for the log row and hit count, so each test sees its own writes. */
async function answerSettled(...args: Parameters<typeof answerVisitorMessage>) {
  const result = await answerVisitorMessage(...args);
  await result.bookkeeping;
  return result;
}

const FAQ =
  '# Refunds\nRefunds are paid within 30 days of purchase.\n\n# Shipping\nParcels leave Lyon every weekday.';

describe.each(DATABASE_KINDS)('answerVisitorMessage on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  let provider: OpenAiCompatibleServer;
  let db: Database;
  let ruleId: string;
  let widget: PipelineWidget;

  beforeAll(async () => {
    provider = await startOpenAiCompatibleServer();
    db = database();
    const knowledge = createKnowledgeService({ db });
    const base = await knowledge.ingest({ name: 'Shop FAQ', sourceType: 'text', content: FAQ });
    const rule = await db.models.ContextRule.create({
      name: 'Shop',
      contextType: 'shop',
      keywords: ['refund', 'order'],
      excludedTopics: ['politics'],
      refusalMessage: 'I only answer shop questions.',
      knowledgeBaseIds: [base.id],
      useKnowledgeBases: true,
    });
    ruleId = rule.id;
    widget = {
      contextMode: 'restricted',
      contextName: 'Shop',
      contextRuleId: ruleId,
      contextRoutes: null,
      cacheTtlS: 3600,
    };
  });
  afterAll(() => provider.close());
  beforeEach(() => provider.setFallback({ type: 'stream', deltas: ['OK'] }));

  const deps = (withProvider = true): PipelineDeps => ({
    db,
    knowledge: createKnowledgeService({ db }),
    cache: createResponseCache({ db }),
    resolveProvider: createProviderResolver(db, {
      env: withProvider ? { baseUrl: provider.baseUrl, apiKey: 'k', model: 'fake-1' } : {},
    }),
  });
  const ask = (question: string, extra: Partial<AnswerRequest> = {}): AnswerRequest => ({
    question,
    widget,
    page: { url: 'https://shop.test/help', title: 'Help' },
    visitor: { id: null, name: 'Ann' },
    sessionId: null,
    messageId: null,
    history: [],
    ...extra,
  });

  it('refuses off-topic (restricted) and excluded topics (open) without calling the provider, and logs why', async () => {
    const before = provider.requests.length;
    const offTopic = await answerSettled(deps(), ask('Write me a poem about the sea'));
    expect(offTopic).toMatchObject({ outcome: 'refused', text: 'I only answer shop questions.' });
    expect(offTopic.decision.reason).toBe('off_topic');
    const excluded = await answerSettled(
      deps(),
      ask('What do you think of politics and refunds?', {
        widget: { ...widget, contextMode: 'open' },
      }),
    );
    expect(excluded.decision).toMatchObject({
      reason: 'excluded_topic',
      matchedExcludedTopics: ['politics'],
    });
    expect(provider.requests.length).toBe(before);
    await Promise.all([offTopic.bookkeeping, excluded.bookkeeping]);
    const logs = await db.models.AiInteractionLog.findAll({
      where: { decision: 'refused' },
      order: [['createdAt', 'ASC']],
    });
    expect(logs.map((row) => row.refusalReason)).toEqual(['off_topic', 'excluded_topic']);
  });

  it('writes the estimated cost of each provider call, and none for a cache hit or refusal', async () => {
    const priced = { ...deps(), prices: { 'fake-1': { inputPerMillion: 1, outputPerMillion: 2 } } };
    provider.enqueue({
      type: 'stream',
      deltas: ['Parcels leave Lyon every weekday.'],
      usage: { promptTokens: 50, completionTokens: 3 },
    });
    const paid = await answerSettled(priced, ask('When do parcels leave Lyon?'));
    const cached = await answerSettled(priced, ask('When do parcels leave Lyon?'));
    const refused = await answerSettled(priced, ask('Write me a sonnet'));
    expect(cached.cacheHit).toBe(true);
    const cost = async (query: string, cacheHit: boolean) =>
      (await db.models.AiInteractionLog.findOne({ where: { query, cacheHit } }))?.estimatedCost;
    expect(paid.outcome).toBe('answered');
    expect(await cost('When do parcels leave Lyon?', false)).toBe(0.000056); // (50 × 1 + 3 × 2) / 1e6
    expect(await cost('When do parcels leave Lyon?', true)).toBe(0);
    expect(refused.outcome).toBe('refused');
    expect(await cost('Write me a sonnet', false)).toBe(0);
  });

  it('streams an on-topic answer, records usage, then serves the same question from the cache', async () => {
    provider.enqueue({
      type: 'stream',
      deltas: ['Within ', '30 ', 'days.'],
      usage: { promptTokens: 50, completionTokens: 3 },
    });
    const deltas: string[] = [];
    const first = await answerSettled(deps(), ask('How long do refunds take?'), {
      delta: (text) => deltas.push(text),
    });
    expect(deltas).toEqual(['Within ', '30 ', 'days.']);
    expect(first).toMatchObject({
      outcome: 'answered',
      text: deltas.join(''),
      cacheHit: false,
      model: 'fake-1',
    });
    expect(first.sources[0]?.title).toBe('Refunds');
    expect(first.prompt).toContain('Refunds are paid within 30 days');
    const usage = await db.models.ApiKeyUsage.findAll();
    expect(usage.at(-1)).toMatchObject({
      statusCode: 200,
      tokensIn: 50,
      tokensOut: 3,
      model: 'fake-1',
    });

    const calls = provider.requests.length;
    const second = await answerSettled(deps(), ask('how long do REFUNDS take'));
    expect(second).toMatchObject({ cacheHit: true, text: 'Within 30 days.' });
    expect(provider.requests.length).toBe(calls);
    await second.bookkeeping;
    const entry = await db.models.AiResponseCache.findOne({
      where: { cacheKey: second.cacheKey! },
    });
    expect(entry?.hitCount).toBe(1);
    const log = await db.models.AiInteractionLog.findOne({ where: { cacheHit: true } });
    expect(log).toMatchObject({ decision: 'answered', knowledgeBaseResults: 1 });

    await updateContextRule(db, ruleId, { keywords: ['refund', 'order', 'delivery'] });
    provider.enqueue({ type: 'stream', deltas: ['Fresh answer.'] });
    const third = await answerSettled(deps(), ask('How long do refunds take?'));
    expect(third).toMatchObject({ cacheHit: false, text: 'Fresh answer.' });
    expect(provider.requests.length).toBe(calls + 1);
  });

  it('does not cache a question that depends on the conversation', async () => {
    const calls = provider.requests.length;
    await answerSettled(deps(), ask('And how long does that refund take?'));
    const repeat = await answerSettled(deps(), ask('And how long does that refund take?'));
    expect(repeat.cacheHit).toBe(false);
    expect(provider.requests.length).toBe(calls + 2);
  });

  it('a provider outage fails, is logged, and is never cached', async () => {
    provider.setFallback({ type: 'status', status: 503 });
    const failure = await answerSettled(
      {
        ...deps(),
        resolveProvider: createProviderResolver(db, {
          env: { baseUrl: provider.baseUrl, model: 'fake-1' },
          retry: { baseDelayMs: 5, maxDelayMs: 10 },
        }),
      },
      ask('Can I change my order?'),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(await db.models.AiInteractionLog.count({ where: { decision: 'failed' } })).toBe(1);
    provider.setFallback({ type: 'stream', deltas: ['Yes, within an hour.'] });
    const next = await answerSettled(deps(), ask('Can I change my order?'));
    expect(next).toMatchObject({ cacheHit: false, text: 'Yes, within an hour.' });
  });

  it('falls back to the next model when the first stalls, logs it, and does not cache it', async () => {
    provider.enqueue({ type: 'stall' }, { type: 'stream', deltas: ['From the backup model.'] });
    const resolveProvider = createProviderResolver(db, {
      env: { baseUrl: provider.baseUrl, model: 'fake-1', fallbackModels: ['fake-2'] },
      timeouts: { firstTokenMs: 200 },
    });
    const entries = await db.models.AiResponseCache.count();
    const result = await answerSettled(
      { ...deps(), resolveProvider },
      ask('Can I return a refund order by post?'),
    );
    expect(result).toMatchObject({
      text: 'From the backup model.',
      model: 'fake-2',
      fallbackUsed: true,
    });
    await result.bookkeeping;
    expect(
      await db.models.AiInteractionLog.count({
        where: { fallbackUsed: true, modelUsed: 'fake-2' },
      }),
    ).toBe(1);
    expect(await db.models.AiResponseCache.count()).toBe(entries);
  });

  it('without a provider, answers from the knowledge with a citation, or offers a human', async () => {
    const known = await answerSettled(
      deps(false),
      ask('Where do parcels leave from?', { widget: { ...widget, contextMode: 'open' } }),
    );
    expect(known).toMatchObject({
      outcome: 'answered',
      model: 'parley-knowledge',
      isUnknown: false,
    });
    expect(known.text).toBe('Parcels leave Lyon every weekday. [1]');
    expect(known.sources).toEqual([expect.objectContaining({ title: 'Shipping' })]);
    const unknown = await answerSettled(
      deps(false),
      ask('Do you sell refund insurance for orders?'),
    );
    expect(unknown).toMatchObject({ outcome: 'answered', isUnknown: true, text: UNKNOWN_ANSWER });
  });

  it('a dry run reports everything and stores nothing', async () => {
    const logs = await db.models.AiInteractionLog.count();
    const entries = await db.models.AiResponseCache.count();
    const result = await answerSettled(
      deps(),
      ask('Is there a refund for late orders?', { isDryRun: true, ruleId }),
    );
    expect(result.decision.matchedKeywords).toEqual(['refund', 'order']);
    expect(result.prompt).toContain('Is there a refund for late orders?');
    expect(await db.models.AiInteractionLog.count()).toBe(logs);
    expect(await db.models.AiResponseCache.count()).toBe(entries);
  });

  it('asks the model for the follow-up chips when told to, counting its tokens, else related passages', async () => {
    const knowledge = createKnowledgeService({ db });
    const faq = await knowledge.ingest({
      name: 'Help FAQ',
      sourceType: 'text',
      content:
        '## Can I change my delivery address?\nWrite to us before the parcel leaves.\n\n## Do you deliver on Saturdays?\nParcels are delivered Monday to Saturday.',
    });
    const rule = await db.models.ContextRule.create({
      name: 'Help',
      contextType: 'help',
      knowledgeBaseIds: [faq.id],
      useKnowledgeBases: true,
    });
    const withModel: PipelineDeps = {
      ...deps(),
      suggestionsFromModel: true,
      prices: { 'fake-1': { inputPerMillion: 1, outputPerMillion: 1 } },
    };
    const question = 'Can I change the delivery address of my order?';
    const request = ask(question, { ruleId: rule.id, widget: { ...widget, cacheTtlS: 0 } });
    provider.enqueue(
      {
        type: 'stream',
        deltas: ['Yes, write to us before the parcel leaves.'],
        usage: { promptTokens: 100, completionTokens: 10 },
      },
      {
        type: 'stream',
        deltas: ['1. Do you deliver on Saturdays?\n', '- "How do I track my parcel?"\n', question],
        usage: { promptTokens: 40, completionTokens: 12 },
      },
    );
    const answered = await answerSettled(withModel, request);
    expect(answered.text).toBe('Yes, write to us before the parcel leaves.');
    expect(answered.suggestions).toEqual([
      'Do you deliver on Saturdays?',
      'How do I track my parcel?',
    ]);
    // The second call saw the answer it follows up on.
    expect(provider.requests.at(-1)?.body.messages?.at(-1)).toEqual({
      role: 'assistant',
      content: 'Yes, write to us before the parcel leaves.',
    });
    const log = await db.models.AiInteractionLog.findOne({
      where: { messageId: null, query: question },
      order: [['createdAt', 'DESC']],
    });
    expect(log).toMatchObject({ tokensIn: 140, tokensOut: 22 });

    // The model fails: the chips come from the related passages' questions.
    provider.enqueue(
      { type: 'stream', deltas: ['Yes, before it leaves.'] },
      { type: 'status', status: 400 },
    );
    const fallback = await answerSettled(withModel, request);
    expect(fallback.text).toBe('Yes, before it leaves.');
    expect(fallback.suggestions).toEqual(['Do you deliver on Saturdays?']);
  });
});
