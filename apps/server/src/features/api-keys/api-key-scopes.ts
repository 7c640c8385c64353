import type { TApiKeyScope } from '@parley/protocol';

/**
 * The only routes an API key may call, and the scope each needs. Anything else is refused for
 * keys (`FORBIDDEN`), so a new admin route is closed to keys until it is listed here.
 */
const ROUTE_SCOPES: Array<{ methods: string[]; path: RegExp; scope: TApiKeyScope }> = [
  {
    methods: ['GET'],
    path: /^\/api\/v1\/sessions(\/[^/]+(\/(messages|export))?)?\/?$/,
    scope: 'conversations:read',
  },
  {
    methods: ['POST'],
    path: /^\/api\/v1\/sessions\/[^/]+\/(messages|takeover|release)\/?$/,
    scope: 'messages:write',
  },
  {
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    path: /^\/api\/v1\/knowledge-bases(\/[^/]+)?\/?$/,
    scope: 'knowledge:write',
  },
  { methods: ['GET'], path: /^\/api\/v1\/analytics\/[^/]+\/?$/, scope: 'analytics:read' },
];

/** The scope a key needs for this request, or undefined when keys may not call it at all. */
export function scopeForRoute(method: string, path: string): TApiKeyScope | undefined {
  const verb = method === 'HEAD' ? 'GET' : method;
  return ROUTE_SCOPES.find((route) => route.methods.includes(verb) && route.path.test(path))?.scope;
}
