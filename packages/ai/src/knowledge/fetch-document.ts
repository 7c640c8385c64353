import { AppError, isAppError } from '@parley/protocol';
import { guardedRequest, readBody } from '../net/guarded-request.ts';
import type { NetworkPolicy } from '../net/network-guard.ts';
import { detectFormat, type DocumentFormat } from './chunk-document.ts';

export interface FetchLimits extends NetworkPolicy {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = {
  allowPrivateNetworks: false,
  maxBytes: 2 * 1024 * 1024,
  timeoutMs: 10_000,
  maxRedirects: 3,
};

export interface FetchedDocument {
  url: string;
  format: DocumentFormat;
  content: string;
}

/**
 * Fetches a knowledge source server-side: http(s) only, SSRF-guarded on every hop (redirects
 * are followed by hand and re-checked), bounded in size and time. Failures are `AppError`s
 * (`INVALID_PAYLOAD` for what the URL serves, `FORBIDDEN` for a blocked target).
 */
export async function fetchDocument(
  url: string,
  limits: FetchLimits = DEFAULT_FETCH_LIMITS,
): Promise<FetchedDocument> {
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  let current = url;
  for (let hop = 0; hop <= limits.maxRedirects; hop++) {
    const response = await guardedRequest({
      url: current,
      policy: limits,
      headersTimeoutMs: limits.timeoutMs,
      signal: deadline,
      headers: {
        accept: 'text/html, text/markdown, text/plain;q=0.9',
        'user-agent': 'Parley knowledge fetcher',
      },
    }).catch((error: unknown) => {
      throw isAppError(error) ? error : fetchError(current, error);
    });
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      current = new URL(response.headers.location, current).toString();
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw new AppError('INVALID_PAYLOAD', `${current} answered HTTP ${status}`, { field: 'url' });
    }
    const format =
      detectFormat(response.headers['content-type'] ?? '') ??
      detectFormat(new URL(current).pathname);
    if (!format) {
      response.resume();
      throw new AppError('INVALID_PAYLOAD', `${current} is not text, markdown or HTML`, {
        field: 'url',
      });
    }
    const content = await readBody(response, limits).catch((error: unknown) => {
      throw fetchError(current, error);
    });
    return { url: current, format, content };
  }
  throw new AppError('INVALID_PAYLOAD', `more than ${limits.maxRedirects} redirects`, {
    field: 'url',
  });
}

function fetchError(url: string, error: unknown): AppError {
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError('INVALID_PAYLOAD', `could not fetch ${url}: ${reason}`, { field: 'url' });
}
