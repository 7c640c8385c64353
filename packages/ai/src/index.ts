// Text folding
export { foldText, singularise, tokeniseWords } from './text/normalise-text.ts';

// Context rules: topic gate and page routing
export { matchTerms } from './rules/topic-matcher.ts';
export {
  decideTopic,
  type ContextMode,
  type TopicDecision,
  type TopicInput,
  type TopicReason,
} from './rules/topic-decision.ts';
export {
  routeContextRule,
  matchWildcard,
  type ContextRouteEntry,
} from './rules/context-routing.ts';

export { isHandoffRequest } from './rules/handoff-request.ts';

// Prompt templates
export {
  PROMPT_VARIABLES,
  DEFAULT_PROMPT_TEMPLATE,
  parsePromptTemplate,
  validatePromptTemplate,
  renderPromptTemplate,
  escapeTemplateValue,
  usesVariable,
  type PromptVariable,
  type PromptValues,
} from './prompts/prompt-template.ts';
export { formatHistory, type HistoryTurn } from './prompts/history-window.ts';

// Response filters and safe patterns
export {
  ZResponseFilterSchema,
  validateResponseFilters,
  applyResponseFilters,
  stripForeignLinks,
  MAX_FILTERED_LENGTH,
  type TResponseFilter,
  type FilteredAnswer,
} from './filters/response-filters.ts';
export { compileSafePattern, MAX_PATTERN_LENGTH } from './filters/safe-pattern.ts';

// Cache key
export {
  buildCacheKey,
  normaliseQuestion,
  isHistoryIndependent,
  knowledgeVersionOf,
  type CacheKeyParts,
} from './cache/cache-key.ts';

// Knowledge: chunking, BM25 retrieval, URL ingestion
export {
  chunkDocument,
  detectFormat,
  type DocumentChunk,
  type DocumentFormat,
  MAX_DOCUMENT_CHARS,
  MAX_LINE_CHARS,
} from './knowledge/chunk-document.ts';
export {
  createWorkerChunker,
  DEFAULT_CHUNK_WORKER_LIMITS,
  type ChunkWorkerLimits,
  type DocumentChunker,
} from './knowledge/chunk-in-worker.ts';
export { htmlToPlainText } from './knowledge/html-text.ts';
export {
  KnowledgeIndex,
  MIN_COVERAGE,
  type IndexedChunk,
  type KnowledgeHit,
} from './knowledge/knowledge-index.ts';
export { analyseText } from './knowledge/analyse-text.ts';
export {
  DENSE_WEIGHT,
  hybridSearch,
  passageHash,
  passageText,
  type RetrievalMode,
} from './knowledge/dense-retrieval.ts';
export { embedPassages } from './knowledge/passage-embeddings.ts';
export {
  createOpenAiEmbedder,
  type Embedder,
  type OpenAiEmbedderOptions,
} from './providers/openai-embeddings.ts';
export { SUPPORT_SYNONYMS } from './knowledge/support-synonyms.ts';
export { splitSentences, isCodeBlock } from './knowledge/passage-sentences.ts';
export {
  fetchDocument,
  DEFAULT_FETCH_LIMITS,
  type FetchLimits,
  type FetchedDocument,
} from './knowledge/fetch-document.ts';
export {
  createKnowledgeService,
  type KnowledgeService,
  type KnowledgeSourceInput,
  type KnowledgeSearch,
} from './knowledge/knowledge-service.ts';

// Outgoing requests with SSRF protection
export { isPublicAddress, type NetworkPolicy } from './net/network-guard.ts';
export { assertTargetAllowed } from './net/network-guard.ts';
export {
  guardedRequest,
  readBody,
  BodyTooLargeError,
  type GuardedRequestOptions,
} from './net/guarded-request.ts';

// Providers: one streaming interface
export {
  ProviderError,
  collectStream,
  type ChatProvider,
  type ProviderEvent,
  type ProviderErrorKind,
  type ProviderMessage,
  type ProviderRequest,
  type ProviderUsage,
} from './providers/chat-provider.ts';
export {
  createOpenAiProvider,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUTS,
  type OpenAiProviderOptions,
  type ProviderCallRecord,
  type ProviderTimeouts,
  type RetryPolicy,
} from './providers/openai-provider.ts';
export {
  answerFromKnowledge,
  KNOWLEDGE_ANSWERER_MODEL,
  UNKNOWN_ANSWER,
  type KnowledgeAnswer,
} from './providers/knowledge-answerer.ts';
export { encryptSecret, decryptSecret, keyHint } from './providers/secret-box.ts';
export { createFallbackProvider } from './providers/fallback-provider.ts';
export {
  createProviderResolver,
  type ProviderResolver,
  type ProviderSettings,
} from './providers/provider-resolver.ts';

// Response cache and interaction logs
export {
  createResponseCache,
  type ResponseCache,
  type CachedAnswer,
  type CachePut,
} from './cache/response-cache.ts';
export { recordInteraction, type InteractionEntry } from './logs/interaction-log.ts';
export { createAiWriteBatch, type AiWriteBatch } from './logs/ai-write-batch.ts';
export {
  DEFAULT_MODEL_PRICES,
  estimateCost,
  type ModelPrice,
  type ModelPrices,
} from './logs/model-prices.ts';

// The pipeline
export {
  answerVisitorMessage,
  type AnswerRequest,
  type AnswerResult,
  type AnswerSink,
  type PipelineDeps,
} from './pipeline/answer-visitor-message.ts';
export {
  createPipelineMemo,
  PIPELINE_MEMO_MAX_AGE_MS,
  type ActiveBase,
  type PipelineMemo,
} from './pipeline/pipeline-memo.ts';
export {
  resolveRule,
  DEFAULT_KNOWLEDGE_THRESHOLD,
  DEFAULT_REFUSAL,
  type PipelineWidget,
  type ResolvedRule,
} from './pipeline/resolve-context.ts';
export {
  createContextRule,
  updateContextRule,
  validateContextRulePatch,
  type ContextRulePatch,
} from './pipeline/context-rule-changes.ts';
