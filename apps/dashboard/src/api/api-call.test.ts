import { describe, expect, it } from 'vitest';
import { ApiClient } from './api-client.ts';

/** A client whose requests are recorded and answered with `answer`. */
function recordingClient(answer: { status: number; body?: unknown }) {
  const sent: Array<{ url: string; method: string; body: string | undefined }> = [];
  const storage = new Map<string, string>();
  const api = new ApiClient({
    baseUrl: 'https://parley.example.com',
    storage: {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => void storage.set(key, value),
      removeItem: (key) => void storage.delete(key),
    },
    fetch: (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      sent.push({ url, method: init?.method ?? 'GET', body: init?.body as string });
      const text = answer.body === undefined ? null : JSON.stringify(answer.body);
      return Promise.resolve(new Response(text, { status: answer.status }));
    },
  });
  return { api, sent };
}

describe('ApiClient.call', () => {
  it('fills the path from the contract route and its params, escaped', async () => {
    const { api, sent } = recordingClient({ status: 200, body: { items: [] } });
    const answer = await api.call('GET /api/v1/sessions/:id/notes', { params: { id: 'a/b c' } });
    expect(answer.items).toEqual([]);
    expect(sent).toEqual([
      {
        url: 'https://parley.example.com/api/v1/sessions/a%2Fb%20c/notes',
        method: 'GET',
        body: undefined,
      },
    ]);
  });

  it('sends a POST with its body (an empty object when none) and the query', async () => {
    const { api, sent } = recordingClient({ status: 200, body: { total: 0, sessions: {} } });
    await api.call('POST /api/v1/sessions/:id/read', { params: { id: 's1' } });
    await api.call('POST /api/v1/sessions/:id/read', { params: { id: 's1' }, body: { seq: 4 } });
    await api.call('GET /api/v1/flagged-content', { query: '?status=pending' });
    expect(sent.map((request) => [request.method, request.url, request.body])).toEqual([
      ['POST', 'https://parley.example.com/api/v1/sessions/s1/read', '{}'],
      ['POST', 'https://parley.example.com/api/v1/sessions/s1/read', '{"seq":4}'],
      ['GET', 'https://parley.example.com/api/v1/flagged-content?status=pending', undefined],
    ]);
  });

  it('throws the API error of a refused call', async () => {
    const { api } = recordingClient({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'No such widget' } },
    });
    await expect(
      api.call('GET /api/v1/widgets/:id', { params: { id: 'w' } }),
    ).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'No such widget' });
  });
});
