import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { isPublicAddress, type NetworkPolicy } from '@parley/ai';
import { AppError } from '@parley/protocol';

/** Where a refusal is said, and what would allow a private target. */
export interface TargetField {
  field: string;
  /** The variable that allows private targets, named in the refusal. */
  setting: string;
  /**
   * A name that does not resolve is refused (a webhook: most likely a typo). A provider may live
   * on a name only the server's network knows later; it is checked when called.
   */
  isUnresolvableRefused: boolean;
}

/**
 * Refuses an admin-given URL Parley will call (a webhook, an AI provider's base URL) that points
 * into a private network, before it is stored: an IP literal, or a name that resolves only to
 * such addresses. Every request checks again on connect (the guard in @parley/ai), so a name
 * that later resolves elsewhere is still refused; this check says so at once, at the field.
 */
export async function assertPublicTarget(
  url: string,
  policy: NetworkPolicy,
  where: TargetField,
): Promise<void> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new AppError('INVALID_PAYLOAD', 'must be an http or https URL', { field: where.field });
  if (policy.allowPrivateNetworks) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = ipaddr.isValid(host) ? [host] : await addressesOf(host);
  if (addresses.length === 0) {
    if (!where.isUnresolvableRefused) return;
    throw new AppError('INVALID_PAYLOAD', `${host} cannot be resolved`, { field: where.field });
  }
  if (!addresses.some(isPublicAddress))
    throw new AppError(
      'FORBIDDEN',
      `${host} is a private or local address, which is not allowed (an operator can set ${where.setting}=true for a server on their own network)`,
      { field: where.field },
    );
}

/** The addresses a name resolves to; none if it does not resolve. */
async function addressesOf(host: string): Promise<string[]> {
  try {
    return (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    return [];
  }
}
