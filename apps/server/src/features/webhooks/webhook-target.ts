import { lookup } from 'node:dns/promises';
import { assertTargetAllowed, isPublicAddress, type NetworkPolicy } from '@parley/ai';
import { AppError } from '@parley/protocol';

/**
 * Refuses a webhook URL that points into a private network, before it is stored: an IP literal,
 * or a name that resolves only to such addresses. Each delivery checks again on connect (the
 * guard in @parley/ai), so a name that later resolves elsewhere is still refused.
 */
export async function assertWebhookTarget(url: string, policy: NetworkPolicy): Promise<void> {
  const parsed = new URL(url);
  assertTargetAllowed(parsed, policy);
  if (policy.allowPrivateNetworks) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = await lookup(host, { all: true }).catch(() => {
    throw new AppError('INVALID_PAYLOAD', `${host} cannot be resolved`, { field: 'url' });
  });
  if (!addresses.some((entry) => isPublicAddress(entry.address)))
    throw new AppError(
      'FORBIDDEN',
      `${host} resolves to a private or local address, which is not allowed`,
      { field: 'url' },
    );
}

/**
 * Where a webhook goes, for notices and logs: the host alone. Chat tools put their secret in the
 * path (and some URLs carry a password), and agents read notices that only admins' pages show.
 */
export function webhookHost(url: string): string {
  return URL.canParse(url) ? new URL(url).host : 'an unreadable address';
}
