import {
  createKnowledgeService,
  createOpenAiEmbedder,
  createProviderResolver,
  createAiWriteBatch,
  createPipelineMemo,
  createResponseCache,
  DEFAULT_FETCH_LIMITS,
  type KnowledgeService,
  type PipelineDeps,
  type ProviderTimeouts,
  type RetryPolicy,
} from '@parley/ai';
import type { Database } from '@parley/db';
import type { Router } from 'express';
import type { Config } from '../../config/config-schema.ts';
import type { Logger } from '../../logging/create-logger.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { ConversationResponder } from '../conversations/conversation-responder.ts';
import { createAiResponder, type AiAnswerObserver } from './ai-responder.ts';
import { createAiRoutes } from './ai-routes.ts';
import { createPriceBook } from './price-book.ts';

export interface AiFeature {
  /** The default responder: the AI pipeline. */
  responder: ConversationResponder;
  /** Knowledge ingestion and re-indexing (the admin feature's indexer). */
  knowledge: KnowledgeService;
  deps: PipelineDeps;
  /** The admin AI routes (rule dry run, cache), guarded by `auth`. */
  routes(auth: AuthService): Router;
  /** Subscribes to answers and failures (the server's metrics); returns the unsubscribe. */
  observe(observer: AiAnswerObserver): () => void;
  /** Writes the queued bookkeeping (log rows, hit counts) now: called on shutdown. */
  flush(): Promise<void>;
}

export interface AiFeatureOptions {
  config: Config;
  db: Database;
  logger?: Logger;
  /** Overrides for tests (short timeouts, fast retries). */
  providerTimeouts?: Partial<ProviderTimeouts>;
  providerRetry?: Partial<RetryPolicy>;
}

/**
 * Wires @parley/ai for the server: provider from `AI_BASE_URL`/`AI_API_KEY`/`AI_MODEL` or a
 * stored key (`ENCRYPTION_KEY`), else the embedded knowledge answerer; hybrid knowledge search
 * with `AI_EMBEDDING_MODEL` at `AI_BASE_URL`; knowledge fetched with
 * SSRF protection unless `AI_ALLOW_PRIVATE_NETWORKS` (also for stored provider base URLs).
 *
 * @example
 * const ai = createAiFeature({ config, db });
 * createServer({ config, db, logger, ai });
 */
export function createAiFeature(options: AiFeatureOptions): AiFeature {
  const { config, db } = options;
  const network = { allowPrivateNetworks: config.AI_ALLOW_PRIVATE_NETWORKS };
  const knowledge = createKnowledgeService({
    db,
    fetchLimits: { ...DEFAULT_FETCH_LIMITS, ...network },
    // The operator's own endpoint (like AI_BASE_URL for chat), so private hosts are allowed.
    embedder:
      config.AI_BASE_URL && config.AI_EMBEDDING_MODEL
        ? createOpenAiEmbedder({
            baseUrl: config.AI_BASE_URL,
            apiKey: config.AI_API_KEY ?? null,
            model: config.AI_EMBEDDING_MODEL,
          })
        : null,
    onEmbeddingError: (error) =>
      options.logger?.warn({ err: error }, 'embeddings failed: knowledge search uses BM25 alone'),
  });
  const priceBook = createPriceBook(db, {
    envPrices: config.AI_MODEL_PRICES,
    onError: (error) => options.logger?.warn({ err: error }, 'model prices could not be read'),
  });
  // Log rows and hit counts leave the answer's path: written together, one commit per window.
  const writes = createAiWriteBatch({ db });
  const deps: PipelineDeps = {
    db,
    knowledge,
    cache: createResponseCache({ db }),
    // The rule and the knowledge bases' versions from memory: a cache hit reads no table. Every
    // write through the models here drops it; another node's change shows within a second.
    memo: createPipelineMemo(db),
    writes,
    // Read at each answer: prices admins change apply from the next provider call.
    get prices() {
      return priceBook.current();
    },
    suggestionsFromModel: config.AI_SUGGESTIONS_FROM_MODEL,
    onBackgroundError: (error) => options.logger?.warn({ err: error }, 'AI bookkeeping failed'),
    resolveProvider: createProviderResolver(db, {
      env: {
        baseUrl: config.AI_BASE_URL,
        apiKey: config.AI_API_KEY,
        model: config.AI_MODEL,
        fallbackModels: config.AI_FALLBACK_MODELS,
      },
      encryptionKey: config.ENCRYPTION_KEY,
      storedKeyNetwork: network,
      timeouts: options.providerTimeouts,
      retry: options.providerRetry,
    }),
  };
  const observers = new Set<AiAnswerObserver>();
  const fanOut: AiAnswerObserver = {
    answered: (result) => observers.forEach((observer) => observer.answered(result)),
    failed: () => observers.forEach((observer) => observer.failed()),
  };
  return {
    responder: createAiResponder(deps, fanOut),
    observe(observer) {
      observers.add(observer);
      return () => observers.delete(observer);
    },
    knowledge,
    deps,
    routes: (auth) => createAiRoutes({ auth, deps, prices: priceBook }),
    flush: () => writes.flush(),
  };
}
