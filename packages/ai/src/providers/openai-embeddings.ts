import { z } from 'zod';
import { guardedRequest, readBody } from '../net/guarded-request.ts';
import type { NetworkPolicy } from '../net/network-guard.ts';

/** Turns texts into dense vectors (one per text, same order). */
export interface Embedder {
  /** The embedding model; vectors of different models are never compared. */
  readonly model: string;
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

export interface OpenAiEmbedderOptions {
  /** e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`. */
  baseUrl: string;
  apiKey: string | null;
  model: string;
  /** SSRF policy for the base URL (an operator's env URL is trusted). */
  network?: NetworkPolicy;
  /** Per request, headers and body (default 15 s). */
  timeoutMs?: number;
}

const ZEmbeddingsResponseSchema = z.object({
  data: z.array(
    z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) }),
  ),
});

// Providers cap the inputs of one request (OpenAI: 2,048); smaller batches also bound the body.
const BATCH_SIZE = 64;
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * Embeddings through an OpenAI-compatible `POST /v1/embeddings` (OpenAI, Ollama, vLLM,
 * llama.cpp and LM Studio all serve it). Throws on any HTTP or shape error: the caller falls
 * back to BM25 alone.
 *
 * @example
 * const embedder = createOpenAiEmbedder({ baseUrl, apiKey, model: 'nomic-embed-text' });
 * const [vector] = await embedder.embed(['How do refunds work?']);
 */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const timeoutMs = options.timeoutMs ?? 15_000;
  async function embedBatch(texts: readonly string[], signal?: AbortSignal) {
    const response = await guardedRequest({
      url: `${options.baseUrl.replace(/\/+$/, '')}/embeddings`,
      method: 'POST',
      policy: options.network ?? { allowPrivateNetworks: true },
      headers: {
        'content-type': 'application/json',
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      },
      body: JSON.stringify({ model: options.model, input: texts }),
      headersTimeoutMs: timeoutMs,
      ...(signal ? { signal } : {}),
    });
    const status = response.statusCode ?? 0;
    const text = await readBody(response, { maxBytes: MAX_RESPONSE_BYTES, timeoutMs });
    if (status !== 200) throw new Error(`the embeddings endpoint answered HTTP ${status}`);
    const parsed = ZEmbeddingsResponseSchema.parse(JSON.parse(text));
    const vectors = new Array<Float32Array>(texts.length);
    for (const item of parsed.data) vectors[item.index] = Float32Array.from(item.embedding);
    for (let index = 0; index < texts.length; index++)
      if (!vectors[index])
        throw new Error('the embeddings endpoint did not return one vector per input');
    return vectors;
  }
  return {
    model: options.model,
    async embed(texts, signal) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += BATCH_SIZE)
        vectors.push(...(await embedBatch(texts.slice(start, start + BATCH_SIZE), signal)));
      return vectors;
    },
  };
}
