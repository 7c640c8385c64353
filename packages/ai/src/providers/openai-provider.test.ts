import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from '@parley/test-kit';
import { ProviderError, type ProviderEvent } from './chat-provider.ts';
import {
  createOpenAiProvider,
  type OpenAiProviderOptions,
  type ProviderCallRecord,
} from './openai-provider.ts';

const messages = [{ role: 'user' as const, content: 'Hello?' }];

interface Run {
  deltas: string[];
  done: Extract<ProviderEvent, { type: 'done' }> | null;
  error: ProviderError | null;
  elapsedMs: number;
  /** Worst event-loop delay seen during the call (ms). */
  maxLagMs: number;
  calls: ProviderCallRecord[];
}

async function run(
  provider: OpenAiCompatibleServer,
  options: Partial<OpenAiProviderOptions> = {},
  signal?: AbortSignal,
): Promise<Run> {
  const calls: ProviderCallRecord[] = [];
  const client = createOpenAiProvider({
    baseUrl: provider.baseUrl,
    apiKey: 'sk-test',
    model: 'fake-1',
    onCall: (call) => calls.push(call),
    ...options,
  });
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const result: Run = { deltas: [], done: null, error: null, elapsedMs: 0, maxLagMs: 0, calls };
  const started = performance.now();
  try {
    for await (const event of client.stream({ messages, signal })) {
      if (event.type === 'delta') result.deltas.push(event.text);
      else result.done = event;
    }
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    result.error = error;
  }
  result.elapsedMs = performance.now() - started;
  lag.disable();
  result.maxLagMs = lag.max / 1e6;
  return result;
}

describe('openai provider against a real OpenAI-compatible server on loopback', () => {
  let provider: OpenAiCompatibleServer;
  beforeAll(async () => {
    provider = await startOpenAiCompatibleServer();
  });
  afterAll(() => provider.close());

  it('yields deltas in order, then usage; one call recorded', async () => {
    provider.enqueue({
      type: 'stream',
      deltas: ['Hel', 'lo, ', 'wor', 'ld!'],
      delayMs: 5,
      usage: { promptTokens: 12, completionTokens: 4 },
    });
    const result = await run(provider);
    expect(result.deltas).toEqual(['Hel', 'lo, ', 'wor', 'ld!']);
    expect(result.deltas.join('')).toBe('Hello, world!');
    expect(result.done).toEqual({
      type: 'done',
      usage: { tokensIn: 12, tokensOut: 4 },
      finishReason: 'stop',
    });
    expect(result.calls).toMatchObject([
      { statusCode: 200, model: 'fake-1', usage: { tokensIn: 12, tokensOut: 4 } },
    ]);
    const request = provider.requests.at(-1)!;
    expect(request).toMatchObject({
      path: '/v1/chat/completions',
      authorization: 'Bearer sk-test',
      body: { model: 'fake-1', stream: true, messages },
    });
  });

  it('retries 429 then succeeds, honouring a short Retry-After', async () => {
    provider.enqueue(
      { type: 'status', status: 429, retryAfterS: 0 },
      { type: 'stream', deltas: ['after retry'] },
    );
    const result = await run(provider, { retry: { baseDelayMs: 20 } });
    expect(result.error).toBeNull();
    expect(result.deltas.join('')).toBe('after retry');
    expect(result.calls.map((call) => call.statusCode)).toEqual([429, 200]);
  });

  it('gives up on 500 forever after the configured attempts, within bounded time', async () => {
    provider.setFallback({ type: 'status', status: 500 });
    try {
      const result = await run(provider, {
        retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 50 },
      });
      expect(result.error).toMatchObject({ kind: 'http_status', status: 500, hasStarted: false });
      expect(result.calls.map((call) => call.statusCode)).toEqual([500, 500, 500]);
      expect(result.elapsedMs).toBeLessThan(1_000);
      expect(result.maxLagMs).toBeLessThan(100);
    } finally {
      provider.setFallback({ type: 'stream', deltas: ['OK'] });
    }
  });

  it('does not retry a 4xx other than 429', async () => {
    provider.enqueue({ type: 'status', status: 401 });
    const result = await run(provider, { retry: { baseDelayMs: 10 } });
    expect(result.error).toMatchObject({ kind: 'http_status', status: 401 });
    expect(result.calls).toHaveLength(1);
  });

  it('ends a stall before the first token at the first-token timeout, loop free', async () => {
    provider.enqueue({ type: 'stall' });
    const result = await run(provider, { timeouts: { firstTokenMs: 300 } });
    expect(result.error).toMatchObject({ kind: 'first_token_timeout', hasStarted: false });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(290);
    expect(result.elapsedMs).toBeLessThan(800);
    expect(result.maxLagMs).toBeLessThan(100);
  });

  it('ends a server that never sends headers at the connect timeout', async () => {
    provider.enqueue({ type: 'stall', beforeHeaders: true });
    const result = await run(provider, { timeouts: { connectMs: 200 } });
    expect(result.error?.kind).toBe('connect_timeout');
    expect(result.elapsedMs).toBeLessThan(700);
  });

  it('reports a stream dropped midway as interrupted after the deltas it got', async () => {
    provider.enqueue({ type: 'drop', deltas: ['Part', 'ial'] });
    const result = await run(provider);
    expect(result.deltas.join('')).toBe('Partial');
    expect(result.error).toMatchObject({ kind: 'interrupted', hasStarted: true });
    expect(result.done).toBeNull();
  });

  it('stops a slow stream at the total timeout and on abort', async () => {
    provider.enqueue({
      type: 'stream',
      deltas: Array.from({ length: 50 }, () => 'x'),
      delayMs: 50,
    });
    const slow = await run(provider, { timeouts: { totalMs: 400 } });
    expect(slow.error).toMatchObject({ kind: 'total_timeout', hasStarted: true });
    expect(slow.elapsedMs).toBeLessThan(900);
    expect(slow.maxLagMs).toBeLessThan(100);

    provider.enqueue({
      type: 'stream',
      deltas: Array.from({ length: 50 }, () => 'y'),
      delayMs: 50,
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const aborted = await run(provider, {}, controller.signal);
    expect(aborted.error?.kind).toBe('aborted');
    expect(aborted.elapsedMs).toBeLessThan(600);
  });

  it('refuses a loopback base URL when private networks are not allowed', async () => {
    const result = await run(provider, { network: { allowPrivateNetworks: false } });
    expect(result.error?.kind).toBe('network');
    expect(result.error?.message).toContain('private or local');
  });
});
