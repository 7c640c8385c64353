/**
 * Whether a request's `Origin` may use a widget. `allowedOrigins` entries are exact origins
 * (`https://shop.example.com`, `http://localhost:8080`), wildcards (`*.example.com`,
 * `https://*.example.com`) that match any subdomain at any depth but not the bare domain, or
 * `*`, which allows every origin (set on purpose; the dashboard warns). An empty or missing list
 * allows NO origin until configured. Without `*`, a request without an Origin is refused, since
 * browsers always send one cross-origin. The socket handshake, `/embed` and REST CORS all use
 * this one meaning.
 *
 * @example
 * isOriginAllowed(['*.example.com'], 'https://a.example.com'); // true
 * isOriginAllowed(['*.example.com'], 'https://example.com');   // false
 */
export function isOriginAllowed(
  allowedOrigins: readonly string[] | null,
  origin: string | undefined,
): boolean {
  if (!allowedOrigins || allowedOrigins.length === 0) return false;
  if (allowsEveryOrigin(allowedOrigins)) return true;
  const parsed = parseOrigin(origin);
  if (!parsed) return false;
  return allowedOrigins.some((entry) => matchesEntry(entry.trim().toLowerCase(), parsed));
}

/** Whether the list holds `*`: every origin, on purpose. */
export function allowsEveryOrigin(allowedOrigins: readonly string[] | null): boolean {
  return (allowedOrigins ?? []).some((entry) => entry.trim() === '*');
}

interface ParsedOrigin {
  protocol: string;
  hostname: string;
  /** `scheme://host[:port]`, the default port omitted, as browsers send it. */
  origin: string;
  host: string;
}

function parseOrigin(origin: string | undefined): ParsedOrigin | undefined {
  if (!origin || origin === 'null') return undefined;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return { protocol: url.protocol, hostname: url.hostname, origin: url.origin, host: url.host };
  } catch {
    return undefined;
  }
}

function matchesEntry(entry: string, request: ParsedOrigin): boolean {
  const schemeEnd = entry.indexOf('://');
  const scheme = schemeEnd === -1 ? undefined : `${entry.slice(0, schemeEnd)}:`;
  const rest = schemeEnd === -1 ? entry : entry.slice(schemeEnd + 3);
  if (scheme !== undefined && scheme !== request.protocol) return false;
  if (rest.startsWith('*.')) {
    const suffix = rest.slice(1); // ".example.com" (a port in a wildcard entry must match too)
    const target = rest.includes(':') ? request.host : request.hostname;
    return target.endsWith(suffix) && target.length > suffix.length;
  }
  if (scheme === undefined) return request.host === rest.replace(/\/+$/, '');
  const exact = parseOrigin(entry);
  return exact !== undefined && exact.origin === request.origin;
}

/** Whether `origin` is the server's own (its host is the request's `Host`): a same-origin page. */
export function isOwnOrigin(origin: string | undefined, host: string): boolean {
  const parsed = parseOrigin(origin);
  return parsed !== undefined && parsed.host === host.toLowerCase();
}
