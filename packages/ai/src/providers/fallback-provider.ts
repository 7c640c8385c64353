import {
  ProviderError,
  type ChatProvider,
  type ProviderEvent,
  type ProviderRequest,
} from './chat-provider.ts';

/**
 * A model list with fallback: tries each provider in order and moves to the next when one
 * fails before its first token (timeout, outage, refusal status). Once text has streamed, a
 * failure is final (switching models mid-answer would garble it). The `done` event names the
 * model that answered.
 *
 * @example
 * const provider = createFallbackProvider([primary, createOpenAiProvider({ ...options, model: 'small-model' })]);
 */
export function createFallbackProvider(providers: readonly ChatProvider[]): ChatProvider {
  const [first] = providers;
  if (!first) throw new Error('createFallbackProvider needs at least one provider');
  if (providers.length === 1) return first;
  return {
    name: first.name,
    model: first.model,
    stream: (request) => streamWithFallback(providers, request),
  };
}

async function* streamWithFallback(
  providers: readonly ChatProvider[],
  request: ProviderRequest,
): AsyncGenerator<ProviderEvent> {
  let lastError: unknown;
  for (const [index, provider] of providers.entries()) {
    let hasStarted = false;
    try {
      for await (const event of provider.stream(request)) {
        hasStarted = true;
        yield event.type === 'done'
          ? { ...event, model: provider.model, fallbackUsed: index > 0 }
          : event;
      }
      return;
    } catch (error) {
      lastError = error;
      const isFinal =
        hasStarted ||
        !(error instanceof ProviderError) ||
        error.kind === 'aborted' ||
        error.hasStarted;
      if (isFinal) throw error;
    }
  }
  throw lastError;
}
