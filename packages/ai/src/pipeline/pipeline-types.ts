import type { ModelPrices } from '../logs/model-prices.ts';
import type { Database } from '@parley/db';
import type { TMessageSource } from '@parley/protocol';
import type { ResponseCache } from '../cache/response-cache.ts';
import type { AiWriteBatch } from '../logs/ai-write-batch.ts';
import type { KnowledgeService } from '../knowledge/knowledge-service.ts';
import type { HistoryTurn } from '../prompts/history-window.ts';
import type { ProviderResolver } from '../providers/provider-resolver.ts';
import type { TopicDecision } from '../rules/topic-decision.ts';
import type { PipelineMemo } from './pipeline-memo.ts';
import type { PipelineWidget } from './resolve-context.ts';

export interface PipelineDeps {
  db: Database;
  knowledge: KnowledgeService;
  cache: ResponseCache;
  resolveProvider: ProviderResolver;
  now?: () => Date;
  /** Prices per model for `estimated_cost` (default `DEFAULT_MODEL_PRICES`). */
  prices?: ModelPrices;
  /**
   * Ask the model for the follow-up chips (a second, small call after each fresh answer) instead
   * of taking them from related passages alone, which remain the fallback (`AI_SUGGESTIONS_FROM_MODEL`).
   */
  suggestionsFromModel?: boolean;
  /**
   * When set, log rows and cache hit counts are queued and written in batches (the server);
   * without it each is written at once (tests, the eval).
   */
  writes?: AiWriteBatch;
  /**
   * When set, the context rule and the active knowledge bases are read from memory (dropped on
   * every change, at most a second old): a cache hit then reads nothing from the database.
   */
  memo?: PipelineMemo;
  /** Told when bookkeeping after an answer (log row, hit count) fails; the answer stands. */
  onBackgroundError?: (error: unknown) => void;
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
  /** Follow-up questions, at most 2: the model's when asked for, else related passages' headings. */
  suggestions: string[];
  contextRuleId: string | null;
  decision: TopicDecision;
  knowledgeHits: {
    title: string | null;
    url: string | null;
    score: number;
    knowledgeBaseId: string;
  }[];
  prompt: string;
  /** `null`: not cacheable (refused, or the question depends on the conversation). */
  cacheKey: string | null;
  cacheHit: boolean;
  model: string;
  /** The knowledge answerer found nothing: the text offers a person. */
  isUnknown: boolean;
  /** A `block_if_matches` filter replaced the answer with its fallback. */
  isBlocked: boolean;
  /** A model list fell back: `model` is the one that answered. */
  fallbackUsed: boolean;
  latencyFirstTokenMs: number | null;
  latencyTotalMs: number;
  /**
   * The writes that need not delay the answer (the `ai_interaction_logs` row, the cache hit
   * count), already started. Never rejects; await it after committing the message.
   */
  bookkeeping: Promise<void>;
}
