import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from '@parley/test-kit';
import { collectStream, ProviderError } from './chat-provider.ts';
import { createFallbackProvider } from './fallback-provider.ts';
import { createOpenAiProvider } from './openai-provider.ts';

describe('a model list with fallback', () => {
  let provider: OpenAiCompatibleServer;
  beforeAll(async () => {
    provider = await startOpenAiCompatibleServer();
  });
  afterAll(() => provider.close());
  const modelList = () =>
    createFallbackProvider(
      ['big', 'small'].map((model) =>
        createOpenAiProvider({
          baseUrl: provider.baseUrl,
          apiKey: null,
          model,
          timeouts: { firstTokenMs: 200 },
          retry: { maxAttempts: 1 },
        }),
      ),
    );

  it('moves to the next model when the first gives no first token in time', async () => {
    provider.enqueue({ type: 'stall' }, { type: 'stream', deltas: ['from ', 'small'] });
    const events = [];
    for await (const event of modelList().stream({ messages: [{ role: 'user', content: 'hi' }] }))
      events.push(event);
    expect(events.at(-1)).toMatchObject({ type: 'done', model: 'small', fallbackUsed: true });
    expect(provider.requests.slice(-2).map((request) => request.body.model)).toEqual([
      'big',
      'small',
    ]);
  });

  it('does not switch models once text has streamed', async () => {
    provider.enqueue({ type: 'drop', deltas: ['half'] });
    const before = provider.requests.length;
    const failure = await collectStream(
      modelList().stream({ messages: [{ role: 'user', content: 'hi' }] }),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderError);
    expect((failure as ProviderError).kind).toBe('interrupted');
    expect(provider.requests.length).toBe(before + 1);
  });
});
