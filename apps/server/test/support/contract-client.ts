import { z } from 'zod';
import {
  NO_CONTENT,
  NOT_JSON,
  restContract,
  type TRestAnswer,
  type TRestRoute,
} from '@parley/protocol';
import { api, type ApiAnswer } from './admin-client.ts';

/**
 * A schema with every object in it made strict: an answer carrying a field its protocol schema
 * does not name (a leaked column such as a password hash or a ciphertext) fails to parse.
 * Free-form records (`metadata`) stay open; refinements on objects are dropped (answers only).
 */
export function strictDeep(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    const shape = Object.fromEntries(
      Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, field]) => [
        key,
        strictDeep(field),
      ]),
    );
    return z.strictObject(shape);
  }
  if (schema instanceof z.ZodArray) return z.array(strictDeep(schema.element as z.ZodType));
  if (schema instanceof z.ZodNullable) return strictDeep(schema.unwrap() as z.ZodType).nullable();
  if (schema instanceof z.ZodOptional) return strictDeep(schema.unwrap() as z.ZodType).optional();
  if (schema instanceof z.ZodUnion)
    return z.union((schema.options as z.ZodType[]).map((option) => strictDeep(option)));
  return schema;
}

/** `/api/v1/widgets/:id` with `{ id }` filled in. */
function fillPath(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:(\w+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${pattern}`);
    return encodeURIComponent(value);
  });
}

export interface ContractCall {
  token?: string;
  params?: Record<string, string>;
  /** Appended to the path, e.g. `?status=pending`. */
  query?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, e.g. a file upload (`text/markdown`) or a signed JSON body. */
  text?: { body: string; contentType: string };
  /** A JSON body sent exactly as written (its signature covers these bytes). */
  raw?: string;
  headers?: Record<string, string>;
  /** The success status expected (default 200; 204 for routes without a body). */
  status?: number;
}

/**
 * Calls routes of the REST contract as the dashboard, the widget or an integration would, and
 * parses each answer with the route's protocol schema (strictly). Remembers which routes it
 * called, so a test can tell which ones it never exercised.
 *
 * @example
 * const rest = contractClient(t.url);
 * const widget = await rest.call('GET /api/v1/widgets/:id', { token, params: { id } });
 */
export function contractClient(baseUrl: string) {
  const called = new Set<TRestRoute>();
  return {
    called,
    async call<R extends TRestRoute>(
      route: R,
      options: ContractCall = {},
    ): Promise<TRestAnswer<R>> {
      const [method, pattern] = route.split(' ') as [string, string];
      const path = fillPath(pattern, options.params ?? {}) + (options.query ?? '');
      const spec = restContract[route] as z.ZodType | typeof NO_CONTENT | typeof NOT_JSON;
      const answer = await send(baseUrl, `${method} ${path}`, options);
      const expected = options.status ?? (spec === NO_CONTENT ? 204 : 200);
      if (answer.status !== expected)
        throw new Error(
          `${route} answered ${answer.status}, not ${expected}: ${JSON.stringify(answer.body)}`,
        );
      called.add(route);
      if (spec === NO_CONTENT) {
        if (answer.body !== undefined) throw new Error(`${route} answered a body with its 204`);
        return undefined as TRestAnswer<R>;
      }
      if (spec === NOT_JSON) return answer.body as TRestAnswer<R>;
      const parsed = strictDeep(spec).safeParse(answer.body);
      if (!parsed.success)
        throw new Error(
          `${route} answered outside its protocol schema: ${z.prettifyError(parsed.error)}\n${JSON.stringify(answer.body)}`,
        );
      return parsed.data as TRestAnswer<R>;
    },
  };
}

/** A JSON call through `api`, or a raw body (an upload, a signed post) through `fetch`. */
async function send(baseUrl: string, route: string, options: ContractCall): Promise<ApiAnswer> {
  const raw =
    options.text ??
    (options.raw === undefined
      ? undefined
      : { body: options.raw, contentType: 'application/json' });
  if (!raw) return api<unknown>(baseUrl, route, options);
  const [method, path] = route.split(' ') as [string, string];
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      'content-type': raw.contentType,
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: raw.body,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
    headers: response.headers,
  };
}
