/** A message of a chat-completions request. */
export interface ProviderMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ProviderUsage {
  tokensIn: number | null;
  tokensOut: number | null;
}

/** What a provider stream yields: pieces of the answer in order, then one `done`. */
export type ProviderEvent =
  | { type: 'delta'; text: string }
  | {
      type: 'done';
      usage: ProviderUsage;
      finishReason: string | null;
      /** Set by a model list: the model that answered, and whether it was not the first. */
      model?: string;
      fallbackUsed?: boolean;
    };

export interface ProviderRequest {
  messages: ProviderMessage[];
  /** Aborts the call (the visitor left, the server shuts down). */
  signal?: AbortSignal;
  maxTokens?: number;
}

/**
 * One interface for every model provider: an async iterable of deltas and a final usage.
 * A stream ends with `done`, or throws a `ProviderError`.
 */
export interface ChatProvider {
  readonly name: string;
  readonly model: string;
  stream(request: ProviderRequest): AsyncIterable<ProviderEvent>;
}

export type ProviderErrorKind =
  | 'connect_timeout'
  | 'first_token_timeout'
  | 'total_timeout'
  | 'http_status'
  | 'interrupted'
  | 'aborted'
  | 'network'
  | 'protocol';

/** Why a provider call failed; `hasStarted` says whether deltas were already yielded. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  readonly status: number | null;
  readonly hasStarted: boolean;

  constructor(
    kind: ProviderErrorKind,
    message: string,
    extra: { status?: number | null; hasStarted?: boolean } = {},
  ) {
    super(message);
    this.kind = kind;
    this.status = extra.status ?? null;
    this.hasStarted = extra.hasStarted ?? false;
  }
}

/** Collects a whole stream: the text and the usage. */
export async function collectStream(
  stream: AsyncIterable<ProviderEvent>,
): Promise<{ text: string; usage: ProviderUsage }> {
  let text = '';
  for await (const event of stream) {
    if (event.type === 'delta') text += event.text;
    else return { text, usage: event.usage };
  }
  throw new ProviderError('interrupted', 'the stream ended without a final event', {
    hasStarted: text !== '',
  });
}
