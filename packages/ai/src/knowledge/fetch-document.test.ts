import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@parley/protocol';
import { serveLocalSite } from '../test-support/local-site.ts';
import { DEFAULT_FETCH_LIMITS, fetchDocument, type FetchLimits } from './fetch-document.ts';

const loopbackAllowed: FetchLimits = {
  ...DEFAULT_FETCH_LIMITS,
  allowPrivateNetworks: true,
  timeoutMs: 1_000,
  maxBytes: 10_000,
};

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('fetchDocument', () => {
  let site: Awaited<ReturnType<typeof serveLocalSite>>;
  beforeAll(async () => {
    site = await serveLocalSite((request, response) => {
      if (request.url === '/faq.html')
        return response
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<h1>FAQ</h1><p>Hi</p>');
      if (request.url === '/moved') return response.writeHead(302, { location: '/faq.html' }).end();
      if (request.url === '/huge')
        return response.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(50_000));
      if (request.url === '/slow') return void setTimeout(() => response.end('late'), 5_000);
      if (request.url === '/image')
        return response.writeHead(200, { 'content-type': 'image/png' }).end('png');
      response.writeHead(404).end();
    });
  });
  afterAll(() => site.close());

  it('fetches a page from a real server and follows redirects', async () => {
    const document = await fetchDocument(`${site.url}/moved`, loopbackAllowed);
    expect(document).toEqual({
      url: `${site.url}/faq.html`,
      format: 'html',
      content: '<h1>FAQ</h1><p>Hi</p>',
    });
  });
  it('refuses loopback, private and link-local targets unless allowed', async () => {
    for (const url of [
      `${site.url}/faq.html`,
      'http://localhost:1/x',
      'http://10.0.0.1/',
      'http://169.254.169.254/latest',
      'http://[::1]/',
    ])
      expect(
        (await failure(fetchDocument(url, { ...loopbackAllowed, allowPrivateNetworks: false })))
          .code,
      ).toBe('FORBIDDEN');
  });
  it('bounds size and time, and refuses what is not text', async () => {
    expect((await failure(fetchDocument(`${site.url}/huge`, loopbackAllowed))).message).toContain(
      'larger than 10000 bytes',
    );
    const started = performance.now();
    expect((await failure(fetchDocument(`${site.url}/slow`, loopbackAllowed))).code).toBe(
      'INVALID_PAYLOAD',
    );
    expect(performance.now() - started).toBeLessThan(2_500);
    expect((await failure(fetchDocument(`${site.url}/image`, loopbackAllowed))).message).toContain(
      'not text',
    );
    expect(
      (await failure(fetchDocument(`${site.url}/nothing`, loopbackAllowed))).message,
    ).toContain('HTTP 404');
    expect((await failure(fetchDocument('file:///etc/passwd', loopbackAllowed))).code).toBe(
      'INVALID_PAYLOAD',
    );
  });
});
