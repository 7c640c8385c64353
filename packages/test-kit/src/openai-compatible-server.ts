import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake provider does with one request. */
export type FakeProviderBehaviour =
  /** Streams `deltas` as chat-completion chunks (`delayMs` apart), then usage and `[DONE]`. */
  | {
      type: 'stream';
      deltas: string[];
      delayMs?: number;
      usage?: { promptTokens: number; completionTokens: number };
    }
  /** Answers with an error status (and `Retry-After` seconds if given). */
  | { type: 'status'; status: number; retryAfterS?: number }
  /** Sends 200 and the SSE headers, then nothing (or nothing at all with `beforeHeaders`). */
  | { type: 'stall'; beforeHeaders?: boolean }
  /** Streams `deltas`, then destroys the connection without finishing. */
  | { type: 'drop'; deltas: string[] }
  /**
   * Answers with every message it was sent, joined: a model that repeats its context, so a
   * test sees whatever a prompt carried (and would carry over into a cached answer).
   */
  | { type: 'echo' };

export interface FakeProviderRequest {
  path: string;
  authorization: string | undefined;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    stream?: boolean;
    input?: string | string[];
  };
}

export interface OpenAiCompatibleServer {
  /** Base URL to give a client, ending in `/v1`. */
  baseUrl: string;
  /** Every request received, in order. */
  requests: FakeProviderRequest[];
  /** Queues behaviours for the next requests; when the queue is empty, `fallback` applies. */
  enqueue(...behaviours: FakeProviderBehaviour[]): void;
  /** The behaviour once the queue is empty (initially a short streamed "OK"). */
  setFallback(behaviour: FakeProviderBehaviour): void;
  /** Makes `/v1/embeddings` answer with this error status (`null`: embed again). */
  failEmbeddings(status: number | null): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback that speaks the OpenAI chat-completions streaming protocol
 * (`POST /v1/chat/completions` with `stream: true` → `text/event-stream` of `chat.completion.chunk`
 * events ending in `data: [DONE]`), with scriptable failures for timeout and retry tests, and
 * `POST /v1/embeddings` with deterministic vectors (`hashedEmbedding`).
 *
 * @example
 * const provider = await startOpenAiCompatibleServer();
 * provider.enqueue({ type: 'status', status: 429 }, { type: 'stream', deltas: ['Hel', 'lo'] });
 */
export async function startOpenAiCompatibleServer(): Promise<OpenAiCompatibleServer> {
  const queue: FakeProviderBehaviour[] = [];
  let fallback: FakeProviderBehaviour = { type: 'stream', deltas: ['OK'] };
  const requests: FakeProviderRequest[] = [];
  let embeddingsFailure: number | null = null;
  const server = createServer((request, response) => {
    void readJson(request).then((body) => {
      requests.push({
        path: request.url ?? '',
        authorization: request.headers.authorization,
        body,
      });
      if (request.method === 'POST' && request.url?.endsWith('/embeddings'))
        return void embed(response, body, embeddingsFailure);
      if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions'))
        return void response
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"error":{"message":"not found"}}');
      const behaviour = queue.shift() ?? fallback;
      void behave(
        response,
        behaviour.type === 'echo' ? echoOf(body) : behaviour,
        body.model ?? 'fake-model',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...behaviours) => void queue.push(...behaviours),
    setFallback: (behaviour) => void (fallback = behaviour),
    failEmbeddings: (status) => void (embeddingsFailure = status),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readJson(request: IncomingMessage): Promise<FakeProviderRequest['body']> {
  const parts: Buffer[] = [];
  for await (const part of request as AsyncIterable<Buffer>) parts.push(part);
  try {
    return JSON.parse(Buffer.concat(parts).toString('utf8')) as FakeProviderRequest['body'];
  } catch {
    return {};
  }
}

function echoOf(body: FakeProviderRequest['body']): { type: 'stream'; deltas: string[] } {
  const text = (body.messages ?? []).map((message) => message.content).join('\n');
  return { type: 'stream', deltas: [text] };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function behave(
  response: ServerResponse,
  behaviour: Exclude<FakeProviderBehaviour, { type: 'echo' }>,
  model: string,
): Promise<void> {
  if (behaviour.type === 'status') {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (behaviour.retryAfterS !== undefined) headers['retry-after'] = String(behaviour.retryAfterS);
    response
      .writeHead(behaviour.status, headers)
      .end(JSON.stringify({ error: { message: `status ${behaviour.status}` } }));
    return;
  }
  if (behaviour.type === 'stall' && behaviour.beforeHeaders) return;
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  response.flushHeaders();
  if (behaviour.type === 'stall') return;
  const chunk = (payload: object) =>
    response.write(
      `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', model, ...payload })}\n\n`,
    );
  chunk({
    choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
  });
  for (const text of behaviour.deltas) {
    if (behaviour.type === 'stream' && behaviour.delayMs) await wait(behaviour.delayMs);
    if (response.destroyed) return;
    chunk({ choices: [{ index: 0, delta: { content: text }, finish_reason: null }] });
  }
  if (behaviour.type === 'drop') {
    await wait(10);
    response.socket?.destroy();
    return;
  }
  chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  const usage = behaviour.usage ?? { promptTokens: 10, completionTokens: behaviour.deltas.length };
  chunk({
    choices: [],
    usage: {
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      total_tokens: usage.promptTokens + usage.completionTokens,
    },
  });
  response.end('data: [DONE]\n\n');
}

export const EMBEDDING_DIMENSIONS = 256;

/** FNV-1a, 32 bits: a stable hash for the fake embeddings. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/**
 * The fake embedding of a text: its lower-cased words and their character trigrams hashed into
 * `EMBEDDING_DIMENSIONS` buckets, L2-normalised. Deterministic, and texts sharing words or word
 * parts ("refund", "refunds") point the same way, so dense retrieval can be tested for real.
 */
export function hashedEmbedding(text: string): number[] {
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    vector[hash(word) % EMBEDDING_DIMENSIONS]! += 1;
    const padded = ` ${word} `;
    for (let index = 0; index + 3 <= padded.length; index++)
      vector[hash(padded.slice(index, index + 3)) % EMBEDDING_DIMENSIONS]! += 0.5;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

function embed(
  response: ServerResponse,
  body: FakeProviderRequest['body'],
  failure: number | null,
): void {
  const json = (status: number, payload: object): void =>
    void response
      .writeHead(status, { 'content-type': 'application/json' })
      .end(JSON.stringify(payload));
  if (failure !== null) return json(failure, { error: { message: `status ${failure}` } });
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(inputs) || inputs.some((input) => typeof input !== 'string'))
    return json(400, { error: { message: 'input must be a string or an array of strings' } });
  const tokens = inputs.reduce((sum, input) => sum + input.split(/\s+/).length, 0);
  json(200, {
    object: 'list',
    model: body.model ?? 'fake-embedding',
    data: inputs.map((input, index) => ({
      object: 'embedding',
      index,
      embedding: hashedEmbedding(input),
    })),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
