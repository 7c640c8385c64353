/** A widget's `context_routes` entry: pages matching `pattern` use another rule. */
export interface ContextRouteEntry {
  pattern: string;
  contextRuleId: string;
}

const MAX_PATTERN_LENGTH = 512;

/**
 * Picks the context rule for a page: the first route whose pattern matches the page, else the
 * widget's own rule. A pattern starting with `/` matches the path (`/docs/*`); otherwise it
 * matches the URL without its scheme (`shop.example.com/help/*`). `*` matches anything.
 *
 * @example
 * routeContextRule({ pageUrl: 'https://x.com/docs/a', routes: [{ pattern: '/docs/*', contextRuleId: 'r2' }],
 *   defaultRuleId: 'r1' }) // 'r2'
 */
export function routeContextRule(input: {
  pageUrl: string | null | undefined;
  routes: readonly ContextRouteEntry[] | null | undefined;
  defaultRuleId: string | null;
}): string | null {
  const page = parsePage(input.pageUrl);
  if (!page) return input.defaultRuleId;
  for (const route of input.routes ?? []) {
    if (route.pattern.length > MAX_PATTERN_LENGTH) continue;
    const subject = route.pattern.startsWith('/') ? page.path : page.hostAndPath;
    if (matchWildcard(route.pattern.toLowerCase(), subject.toLowerCase()))
      return route.contextRuleId;
  }
  return input.defaultRuleId;
}

function parsePage(
  pageUrl: string | null | undefined,
): { path: string; hostAndPath: string } | null {
  if (!pageUrl) return null;
  try {
    const url = new URL(pageUrl);
    return { path: url.pathname, hostAndPath: `${url.host}${url.pathname}` };
  } catch {
    return null;
  }
}

/**
 * Glob match with `*` only, in O(pattern × subject) at worst and without regular expressions,
 * so an admin's pattern cannot make a page lookup slow.
 */
export function matchWildcard(pattern: string, subject: string): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < subject.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === subject[s]) {
      p++;
      s++;
    } else if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starS = s;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
