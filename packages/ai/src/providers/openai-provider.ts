import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { guardedRequest, RequestTimeoutError } from '../net/guarded-request.ts';
import type { NetworkPolicy } from '../net/network-guard.ts';
import {
  ProviderError,
  type ChatProvider,
  type ProviderEvent,
  type ProviderRequest,
  type ProviderUsage,
} from './chat-provider.ts';
import { createChunkReader } from './sse-chunks.ts';

export interface ProviderTimeouts {
  /** Until the response headers arrive. */
  connectMs: number;
  /** From the start of an attempt until the first delta. */
  firstTokenMs: number;
  /** The whole call, retries included. */
  totalMs: number;
}

export interface RetryPolicy {
  /** Attempts in all (1 = no retry). Only 429 and 5xx before the first token are retried. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** One HTTP attempt, for `api_key_usage`. */
export interface ProviderCallRecord {
  endpoint: string;
  model: string;
  statusCode: number;
  responseTimeMs: number;
  usage: ProviderUsage;
}

export interface OpenAiProviderOptions {
  /** e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`. */
  baseUrl: string;
  apiKey: string | null;
  model: string;
  timeouts?: Partial<ProviderTimeouts>;
  retry?: Partial<RetryPolicy>;
  /** SSRF policy for the base URL (an operator's env URL is trusted; a dashboard one is not). */
  network?: NetworkPolicy;
  /** Called once per HTTP attempt (never throws into the stream). */
  onCall?: (record: ProviderCallRecord) => void;
}

export const DEFAULT_TIMEOUTS: ProviderTimeouts = {
  connectMs: 5_000,
  firstTokenMs: 15_000,
  totalMs: 60_000,
};
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 4_000 };

/**
 * A provider for any OpenAI-compatible chat-completions endpoint, streamed over SSE.
 *
 * @example
 * const provider = createOpenAiProvider({ baseUrl: env.AI_BASE_URL, apiKey: env.AI_API_KEY, model: 'gpt-4o-mini' });
 * for await (const event of provider.stream({ messages })) if (event.type === 'delta') output.delta(event.text);
 */
export function createOpenAiProvider(options: OpenAiProviderOptions): ChatProvider {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  return {
    name: 'openai',
    model: options.model,
    stream: (request) => streamWithRetries({ options, timeouts, retry }, request),
  };
}

interface CallContext {
  options: OpenAiProviderOptions;
  timeouts: ProviderTimeouts;
  retry: RetryPolicy;
}

async function* streamWithRetries(
  context: CallContext,
  request: ProviderRequest,
): AsyncGenerator<ProviderEvent> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(new ProviderError('aborted', 'the call was cancelled'));
  request.signal?.addEventListener('abort', onAbort, { once: true });
  if (request.signal?.aborted) onAbort();
  const total = setTimeout(
    () =>
      controller.abort(
        new ProviderError(
          'total_timeout',
          `no complete answer within ${context.timeouts.totalMs} ms`,
        ),
      ),
    context.timeouts.totalMs,
  );
  try {
    for (let attempt = 1; ; attempt++) {
      const outcome = yield* streamAttempt(context, request, controller);
      if (outcome.type === 'finished') return;
      if (attempt >= context.retry.maxAttempts) throw outcome.error;
      await sleep(backoffMs(context.retry, attempt, outcome.retryAfterMs), undefined, {
        signal: controller.signal,
      }).catch(() => {
        throw controller.signal.reason as Error;
      });
    }
  } finally {
    clearTimeout(total);
    request.signal?.removeEventListener('abort', onAbort);
    controller.abort(new ProviderError('aborted', 'stream closed'));
  }
}

function backoffMs(retry: RetryPolicy, attempt: number, retryAfterMs: number | null): number {
  const exponential = retry.baseDelayMs * 2 ** (attempt - 1);
  const jittered = exponential / 2 + Math.random() * (exponential / 2);
  return Math.min(retry.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

type AttemptOutcome =
  { type: 'finished' } | { type: 'retry'; error: ProviderError; retryAfterMs: number | null };

async function* streamAttempt(
  context: CallContext,
  request: ProviderRequest,
  controller: AbortController,
): AsyncGenerator<ProviderEvent, AttemptOutcome> {
  const { options, timeouts } = context;
  const startedAt = performance.now();
  const attempt = new AbortController();
  const forward = () => attempt.abort(controller.signal.reason);
  controller.signal.addEventListener('abort', forward, { once: true });
  const firstToken = setTimeout(
    () =>
      attempt.abort(
        new ProviderError(
          'first_token_timeout',
          `no first token within ${timeouts.firstTokenMs} ms`,
        ),
      ),
    timeouts.firstTokenMs,
  );
  let status = 0;
  let reader: ReturnType<typeof createChunkReader> | null = null;
  let hasStarted = false;
  try {
    const response = await openStream(context, request, attempt.signal);
    status = response.statusCode ?? 0;
    if (status !== 200) return failedStatus(response, status);
    reader = createChunkReader();
    for await (const bytes of response as AsyncIterable<Buffer>) {
      for (const event of reader.feed(bytes)) {
        if (!hasStarted) clearTimeout(firstToken);
        hasStarted = true;
        yield event;
      }
      if (reader.isDone) break;
    }
    if (!reader.isFinished)
      throw new ProviderError('interrupted', 'the provider closed the stream midway', {
        hasStarted,
      });
    yield { type: 'done', usage: reader.usage, finishReason: reader.finishReason };
    return { type: 'finished' };
  } catch (error) {
    throw toProviderError(error, attempt.signal, hasStarted);
  } finally {
    clearTimeout(firstToken);
    controller.signal.removeEventListener('abort', forward);
    attempt.abort(new ProviderError('aborted', 'attempt over'));
    options.onCall?.({
      endpoint: 'chat/completions',
      model: options.model,
      statusCode: status,
      responseTimeMs: Math.round(performance.now() - startedAt),
      usage: reader?.usage ?? { tokensIn: null, tokensOut: null },
    });
  }
}

function openStream(
  context: CallContext,
  request: ProviderRequest,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const { options, timeouts } = context;
  const body = JSON.stringify({
    model: options.model,
    messages: request.messages,
    stream: true,
    stream_options: { include_usage: true },
    ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
  });
  return guardedRequest({
    url: `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`,
    method: 'POST',
    policy: options.network ?? { allowPrivateNetworks: true },
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
    },
    body,
    headersTimeoutMs: timeouts.connectMs,
    signal,
  });
}

function failedStatus(response: IncomingMessage, status: number): AttemptOutcome {
  response.resume();
  const error = new ProviderError('http_status', `the provider answered HTTP ${status}`, {
    status,
  });
  if (status !== 429 && status < 500) throw error;
  const retryAfter = Number(response.headers['retry-after']);
  return {
    type: 'retry',
    error,
    retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : null,
  };
}

function toProviderError(error: unknown, signal: AbortSignal, hasStarted: boolean): ProviderError {
  const reason: unknown = signal.aborted ? signal.reason : error;
  if (reason instanceof ProviderError)
    return reason.hasStarted === hasStarted
      ? reason
      : new ProviderError(reason.kind, reason.message, { status: reason.status, hasStarted });
  if (reason instanceof RequestTimeoutError)
    return new ProviderError('connect_timeout', reason.message, { hasStarted });
  const message = reason instanceof Error ? reason.message : String(reason);
  return new ProviderError(
    hasStarted ? 'interrupted' : 'network',
    `provider unreachable: ${message}`,
    { hasStarted },
  );
}
