import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { assertTargetAllowed, guardedLookup, type NetworkPolicy } from './network-guard.ts';

export interface GuardedRequestOptions {
  url: string;
  policy: NetworkPolicy;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Time to get the response headers (connect + server think time before the status line). */
  headersTimeoutMs: number;
  signal?: AbortSignal;
}

/**
 * One HTTP(S) request through Node's http client, with the SSRF guard on the socket's DNS
 * lookup. Resolves with the response once headers arrive; the caller reads (and bounds) the
 * body. Rejects on timeout or abort, destroying the socket.
 */
export function guardedRequest(options: GuardedRequestOptions): Promise<IncomingMessage> {
  const url = new URL(options.url);
  assertTargetAllowed(url, options.policy);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      lookup: guardedLookup(options.policy),
      signal: options.signal,
    });
    const timer = setTimeout(
      () =>
        request.destroy(
          new RequestTimeoutError(
            `no response from ${url.host} within ${options.headersTimeoutMs} ms`,
          ),
        ),
      options.headersTimeoutMs,
    );
    request.once('response', (response) => {
      clearTimeout(timer);
      resolve(response);
    });
    request.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(options.body);
  });
}

export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
}

/** Reads a response body as text, refusing more than `maxBytes` or slower than `timeoutMs`. */
export function readBody(
  response: IncomingMessage,
  limits: { maxBytes: number; timeoutMs: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const fail = (error: Error) => {
      clearTimeout(timer);
      response.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new RequestTimeoutError(`body not received within ${limits.timeoutMs} ms`)),
      limits.timeoutMs,
    );
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes)
        fail(new BodyTooLargeError(`response larger than ${limits.maxBytes} bytes`));
      else parts.push(chunk);
    });
    response.once('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(parts).toString('utf8'));
    });
    response.once('error', fail);
  });
}

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}
