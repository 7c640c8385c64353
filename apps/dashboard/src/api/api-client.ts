import type { TAuthResponse, TErrorBody, TRestAnswer, TRestRoute, TUser } from '@parley/protocol';

/** The JSON routes of the API (`METHOD /api/v1/...`), as the protocol's REST contract lists them. */
export type ApiRoute = Extract<TRestRoute, `${string} /api/v1/${string}`>;

/** What a route's path needs: `{ id }` for `/sessions/:id`, nothing for `/sessions`. */
type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string } & PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? { [K in Name]: string }
    : Record<never, never>;

export type ApiCallOptions<R extends ApiRoute> = {
  /** Appended to the path, e.g. `?status=pending`. */
  query?: string;
  body?: unknown;
} & (keyof PathParams<R> extends never ? { params?: undefined } : { params: PathParams<R> });

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
/** Refresh when this share of the access token's lifetime has passed, before it can be refused. */
const REFRESH_AT_SHARE = 0.75;
/** A token this close to expiry is refreshed before a (re)connect uses it. */
const FRESH_MARGIN_MS = 5_000;

export interface Session {
  accessToken: string;
  user: TUser;
  /** When the access token expires (this browser's clock). */
  expiresAtMs: number;
}

type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface ApiClientOptions {
  /** The server's origin; '' (the default) is the page's own. */
  baseUrl?: string;
  storage?: TokenStorage;
  fetch?: typeof fetch;
}

/**
 * The dashboard's one way to the REST API: bearer token, JSON in and out. Every caller (JSON,
 * uploads, downloads, the live socket) shares one in-flight refresh, because refresh tokens are
 * single-use: a second exchange of the same token would revoke the whole family. The token is
 * also refreshed ahead of expiry, so a working day never meets a 401. The admin is signed out
 * only when the server refuses the refresh token, never because the network blinked.
 */
export class ApiClient {
  session: Session | null = null;
  onSignedOut: () => void = () => {};
  private readonly baseUrl: string;
  private readonly storage: TokenStorage;
  private readonly fetcher: typeof fetch;
  private refreshing: Promise<boolean> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly tokenListeners = new Set<(accessToken: string) => void>();

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
    this.storage = options.storage ?? sessionStorage;
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init));
  }

  async request<T>(route: {
    method: string;
    path: string;
    body?: unknown;
    headers?: Record<string, string>;
  }): Promise<T> {
    const { method, path, body } = route;
    const response = await this.send(path, {
      method,
      headers: {
        ...route.headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new ApiError(response.status, parsed as TErrorBody);
    return parsed as T;
  }

  /**
   * Calls one route of the REST contract: the answer is typed by the route's protocol schema,
   * so a field renamed there stops the dashboard compiling where it reads the old name.
   *
   * @example
   * const { items } = await api.call('GET /api/v1/sessions/:id/notes', { params: { id } });
   */
  call<R extends ApiRoute>(
    route: R,
    ...[options]: keyof PathParams<R> extends never
      ? [options?: ApiCallOptions<R>]
      : [options: ApiCallOptions<R>]
  ): Promise<TRestAnswer<R>> {
    const [method, pattern] = route.split(' ') as [string, string];
    const params: Record<string, string> = options?.params ?? {};
    const path = pattern
      .slice('/api/v1'.length)
      .replace(/:(\w+)/g, (_match, name: string) => encodeURIComponent(params[name] ?? ''));
    const body = options?.body ?? (method === 'POST' ? {} : undefined);
    return this.request<TRestAnswer<R>>({ method, path: path + (options?.query ?? ''), body });
  }

  get = <T>(path: string) => this.request<T>({ method: 'GET', path });
  post = <T>(path: string, body?: unknown) =>
    this.request<T>({ method: 'POST', path, body: body ?? {} });
  /**
   * `ifUnchangedSince`: the `updatedAt` the edit started from; the server refuses the change
   * (`CONFLICT`) if someone saved the resource since, instead of silently overwriting them.
   */
  patch = <T>(path: string, body: unknown, ifUnchangedSince?: string) =>
    this.request<T>({
      method: 'PATCH',
      path,
      body,
      ...(ifUnchangedSince ? { headers: { 'if-match': `"${ifUnchangedSince}"` } } : {}),
    });
  del = (path: string) => this.request<void>({ method: 'DELETE', path });

  /** A raw text upload (knowledge files). */
  async upload<T>(path: string, text: string, contentType: string): Promise<T> {
    const response = await this.send(path, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: text,
    });
    const raw = await response.text();
    const parsed: unknown = raw ? JSON.parse(raw) : undefined;
    if (!response.ok) throw new ApiError(response.status, parsed as TErrorBody);
    return parsed as T;
  }

  /** A download as text (exports). */
  async download(path: string): Promise<string> {
    const response = await this.send(path, { method: 'GET', headers: {} });
    const text = await response.text();
    if (!response.ok) throw new ApiError(response.status, parseErrorBody(text));
    return text;
  }

  /**
   * Sends with the current access token; on a 401, retries once with a token refreshed by this
   * or any other caller. A request that waits for a refresh under way uses its result.
   */
  private async send(
    path: string,
    init: { method: string; headers: Record<string, string>; body?: string },
  ): Promise<Response> {
    if (this.refreshing) await this.refreshing.catch(() => false);
    const attempt = (token: string | undefined) =>
      this.fetcher(`${this.baseUrl}/api/v1${path}`, {
        ...init,
        headers: token ? { ...init.headers, authorization: `Bearer ${token}` } : init.headers,
      });
    const usedToken = this.session?.accessToken;
    const response = await attempt(usedToken);
    if (response.status !== 401 || !usedToken || !this.session) return response;
    // Someone else refreshed while this request was on its way: just use their token.
    const isRefreshedMeanwhile = this.session.accessToken !== usedToken;
    if (!isRefreshedMeanwhile && !(await this.refresh())) return response;
    return attempt(this.session?.accessToken);
  }

  signIn(answer: TAuthResponse): void {
    this.session = {
      accessToken: answer.accessToken,
      user: answer.user,
      expiresAtMs: Date.now() + answer.expiresIn * 1000,
    };
    this.storage.setItem(REFRESH_KEY, answer.refreshToken);
    clearTimeout(this.refreshTimer);
    const refreshInMs = answer.expiresIn * 1000 * REFRESH_AT_SHARE;
    this.refreshTimer = setTimeout(() => void this.refresh().catch(() => undefined), refreshInMs);
    this.tokenListeners.forEach((listener) => listener(answer.accessToken));
  }

  /** Called with every new access token (the live socket re-authenticates with it). */
  onToken(listener: (accessToken: string) => void): () => void {
    this.tokenListeners.add(listener);
    return () => this.tokenListeners.delete(listener);
  }

  /** The access token, refreshed first when it is about to expire; '' when signed out. */
  async freshToken(): Promise<string> {
    if (this.session && this.session.expiresAtMs - Date.now() < FRESH_MARGIN_MS)
      await this.refresh();
    return this.session?.accessToken ?? '';
  }

  /**
   * Exchanges the stored refresh token, once for all callers at the same moment. True when a
   * new session was issued; false when there is no token or the server refused it (then a
   * signed-in admin is signed out). Throws, keeping the token, when the server could not answer.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.exchange().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async exchange(): Promise<boolean> {
    const refreshToken = this.storage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    const response = await this.fetcher(`${this.baseUrl}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    if (response.ok) {
      this.signIn((await response.json()) as TAuthResponse);
      return true;
    }
    const body = parseErrorBody(await response.text());
    // Only a definite "no" from the server ends the session; overload or an outage does not.
    if (response.status !== 401 && response.status !== 400)
      throw new ApiError(response.status, body);
    this.storage.removeItem(REFRESH_KEY);
    if (this.session) this.endSession();
    return false;
  }

  signOut(): void {
    const refreshToken = this.storage.getItem(REFRESH_KEY);
    this.storage.removeItem(REFRESH_KEY);
    if (refreshToken)
      void this.fetcher(`${this.baseUrl}/api/v1/auth/logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      }).catch(() => undefined);
    this.endSession();
  }

  private endSession(): void {
    clearTimeout(this.refreshTimer);
    this.session = null;
    this.onSignedOut();
  }
}

function parseErrorBody(text: string): TErrorBody | undefined {
  try {
    return text ? (JSON.parse(text) as TErrorBody) : undefined;
  } catch {
    return undefined;
  }
}
