import { parse } from 'tldts';

/**
 * Whether an allowed-origin entry is a wildcard directly on a public suffix
 * (`https://*.com`, `https://*.co.uk`, `https://*.github.io`): anyone can register a name
 * under those, so such an entry is as open as `*` while looking narrow. Uses the Public Suffix
 * List (ICANN and private sections) through `tldts`; names it does not know (`*.localhost`,
 * `*.internal`) are not public suffixes.
 *
 * @example
 * isWildcardOnPublicSuffix('https://*.co.uk');       // true
 * isWildcardOnPublicSuffix('https://*.example.com'); // false
 */
export function isWildcardOnPublicSuffix(entry: string): boolean {
  const host = /^(?:[a-z]+:\/\/)?\*\.([^:/]+)/i.exec(entry.trim())?.[1];
  if (host === undefined) return false;
  const parsed = parse(host.toLowerCase(), { allowPrivateDomains: true });
  return parsed.domain === null && (parsed.isIcann === true || parsed.isPrivate === true);
}
