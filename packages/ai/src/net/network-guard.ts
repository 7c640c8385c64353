import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { AppError } from '@parley/protocol';

/** Which addresses an outgoing request may reach. */
export interface NetworkPolicy {
  /**
   * Allow private, loopback, link-local and other non-public targets. Off by default (SSRF
   * protection for admin-supplied URLs); tests and operators of local models turn it on.
   */
  allowPrivateNetworks: boolean;
}

/** Whether an IP address is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/**
 * A DNS lookup for `http.request` that refuses non-public addresses. Checking the address the
 * socket actually connects to (not a separate, earlier lookup) defeats DNS rebinding.
 */
export function guardedLookup(policy: NetworkPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 4);
      const allowed = addresses.filter(
        (entry) => policy.allowPrivateNetworks || isPublicAddress(entry.address),
      );
      if (allowed.length === 0) return callback(blockedTarget(hostname), '', 4);
      if (options.all)
        // eslint-disable-next-line no-restricted-syntax -- node's lookup callback overloads; TODO(#14)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      const first = allowed[0]!;
      callback(null, first.address, first.family);
    });
  };
}

export function blockedTarget(hostname: string): AppError {
  return new AppError(
    'FORBIDDEN',
    `${hostname} resolves to a private or local address, which is not allowed`,
    {
      field: 'url',
    },
  );
}

/** Refuses literal private IPs early (the lookup is skipped for IP literals by some paths). */
export function assertTargetAllowed(url: URL, policy: NetworkPolicy): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AppError('INVALID_PAYLOAD', 'only http and https URLs can be fetched', {
      field: 'url',
    });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!policy.allowPrivateNetworks && ipaddr.isValid(host) && !isPublicAddress(host))
    throw blockedTarget(host);
}
