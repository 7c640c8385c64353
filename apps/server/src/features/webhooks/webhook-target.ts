/**
 * Where a webhook goes, for notices and logs: the host alone. Chat tools put their secret in the
 * path (and some URLs carry a password), and agents read notices that only admins' pages show.
 */
export function webhookHost(url: string): string {
  return URL.canParse(url) ? new URL(url).host : 'an unreadable address';
}
