import type { TAuthResponse } from '@parley/protocol';

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A JSON request to the admin API, as the dashboard makes it.
 *
 * @example
 * const { status, body } = await api(url, 'POST /api/v1/widgets', { token, body: { name } });
 */
export async function api<T = Record<string, unknown>>(
  baseUrl: string,
  route: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<T>> {
  const [method, path] = route.split(' ') as [string, string];
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text (exports)
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

export const ADMIN = {
  email: 'admin@example.com',
  password: 'correct horse battery staple',
  fullName: 'Ada Admin',
};
export const AGENT = {
  email: 'agent@example.com',
  password: 'another long passphrase',
  fullName: 'Sam Agent',
};

/** The setup token test servers are given (`PARLEY_SETUP_TOKEN`), as an automated install would. */
export const SETUP_TOKEN = 'test-setup-token-0123456789abcdef';

/** First-run setup of the admin account; returns its tokens. */
export async function setupAdmin(
  baseUrl: string,
  setupToken = SETUP_TOKEN,
): Promise<TAuthResponse> {
  const answer = await api<TAuthResponse>(baseUrl, 'POST /api/v1/auth/setup', {
    body: { ...ADMIN, setupToken },
  });
  if (answer.status !== 201) throw new Error(`setup failed: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** An agent account created by the admin, signed in. */
export async function createAgent(baseUrl: string, adminToken: string): Promise<TAuthResponse> {
  const created = await api(baseUrl, 'POST /api/v1/users', {
    token: adminToken,
    body: { ...AGENT, role: 'agent' },
  });
  if (created.status !== 201) throw new Error(`agent not created: ${JSON.stringify(created.body)}`);
  const login = await api<TAuthResponse>(baseUrl, 'POST /api/v1/auth/login', {
    body: { email: AGENT.email, password: AGENT.password },
  });
  return login.body;
}
