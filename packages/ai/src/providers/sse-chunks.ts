import { createParser } from 'eventsource-parser';
import { z } from 'zod';
import { ProviderError, type ProviderEvent, type ProviderUsage } from './chat-provider.ts';

const ZChunkSchema = z.object({
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: z
    .object({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() })
    .nullish(),
});

/**
 * Turns the bytes of an OpenAI-style SSE stream into events. `feed` returns the deltas found;
 * `isFinished` tells whether `[DONE]` or a finish reason arrived (a stream that ends before
 * is interrupted).
 */
export function createChunkReader() {
  const pending: ProviderEvent[] = [];
  const usage: ProviderUsage = { tokensIn: null, tokensOut: null };
  let finishReason: string | null = null;
  let isDone = false;
  const decoder = new TextDecoder();
  const parser = createParser({
    onEvent(event) {
      if (event.data.trim() === '[DONE]') {
        isDone = true;
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        throw new ProviderError('protocol', 'the provider sent an event that is not JSON');
      }
      const chunk = ZChunkSchema.safeParse(json);
      if (!chunk.success)
        throw new ProviderError('protocol', 'the provider sent an unexpected event');
      for (const choice of chunk.data.choices ?? []) {
        const text = choice.delta?.content;
        if (text) pending.push({ type: 'delta', text });
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      if (chunk.data.usage) {
        usage.tokensIn = chunk.data.usage.prompt_tokens ?? null;
        usage.tokensOut = chunk.data.usage.completion_tokens ?? null;
      }
    },
  });
  return {
    feed(bytes: Buffer): ProviderEvent[] {
      parser.feed(decoder.decode(bytes, { stream: true }));
      return pending.splice(0);
    },
    get isDone() {
      return isDone;
    },
    get isFinished() {
      return isDone || finishReason !== null;
    },
    get finishReason() {
      return finishReason;
    },
    usage,
  };
}
