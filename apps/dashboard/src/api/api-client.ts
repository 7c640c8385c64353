import type { TAuthResponse, TErrorBody, TUser } from '@parley/protocol';

/** An error answer of the API, with the SPEC §4.4 code and the field at fault. */
export class ApiError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  readonly status: number;
  constructor(status: number, body: Partial<TErrorBody> | undefined) {
    super(body?.error?.message ?? `Request failed (${status})`);
    this.status = status;
    this.code = body?.error?.code ?? 'INTERNAL';
    const field = body?.error?.details?.field;
    this.field = typeof field === 'string' ? field : undefined;
  }
}

/** Where the refresh token is kept between visits (this tab's storage only). */
const REFRESH_KEY = 'parley.refreshToken';

export interface Session {
  accessToken: string;
  user: TUser;
}

/**
 * The dashboard's one way to the REST API: bearer token, JSON in and out, one silent refresh
 * (rotating the refresh token) when the access token has expired.
 */
export class ApiClient {
  session: Session | null = null;
  onSignedOut: () => void = () => {};
  private refreshing: Promise<boolean> | null = null;

  async request<T>(
    route: { method: string; path: string; body?: unknown },
    isRetry = false,
  ): Promise<T> {
    const { method, path, body } = route;
    const headers: Record<string, string> = {};
    if (this.session) headers.authorization = `Bearer ${this.session.accessToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401 && this.session && !isRetry && (await this.refresh()))
      return this.request<T>(route, true);
    if (response.status === 401 && this.session) this.signOut();
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new ApiError(response.status, parsed as TErrorBody);
    return parsed as T;
  }

  get = <T>(path: string) => this.request<T>({ method: 'GET', path });
  post = <T>(path: string, body?: unknown) =>
    this.request<T>({ method: 'POST', path, body: body ?? {} });
  patch = <T>(path: string, body: unknown) => this.request<T>({ method: 'PATCH', path, body });
  del = (path: string) => this.request<void>({ method: 'DELETE', path });

  /** A raw text upload (knowledge files). */
  async upload<T>(path: string, text: string, contentType: string): Promise<T> {
    const response = await fetch(`/api/v1${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.session?.accessToken ?? ''}`,
        'content-type': contentType,
      },
      body: text,
    });
    const parsed: unknown = await response.json();
    if (!response.ok) throw new ApiError(response.status, parsed as TErrorBody);
    return parsed as T;
  }

  /** A download as text (exports). */
  async download(path: string): Promise<string> {
    const response = await fetch(`/api/v1${path}`, {
      headers: { authorization: `Bearer ${this.session?.accessToken ?? ''}` },
    });
    if (!response.ok) throw new ApiError(response.status, undefined);
    return response.text();
  }

  signIn(answer: TAuthResponse): void {
    this.session = { accessToken: answer.accessToken, user: answer.user };
    sessionStorage.setItem(REFRESH_KEY, answer.refreshToken);
  }

  /**
   * Exchanges the stored refresh token; false when there is none or it was refused. Callers at
   * the same moment (a REST retry and the live socket) share one exchange: presenting one token
   * twice would look like a replay and revoke the whole sign-in.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.exchangeRefreshToken().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async exchangeRefreshToken(): Promise<boolean> {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    const response = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    if (!response.ok) {
      sessionStorage.removeItem(REFRESH_KEY);
      return false;
    }
    this.signIn((await response.json()) as TAuthResponse);
    return true;
  }

  signOut(): void {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    sessionStorage.removeItem(REFRESH_KEY);
    this.session = null;
    if (refreshToken)
      void fetch('/api/v1/auth/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
    this.onSignedOut();
  }
}
