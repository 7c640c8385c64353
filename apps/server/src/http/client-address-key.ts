import ipaddr from 'ipaddr.js';
import { LRUCache } from 'lru-cache';

// Asked several times per chat event (rate limits, the ban check): parsing the address each time
// was a few per cent of the server's CPU per message under `pnpm bench`. Bounded, so many
// addresses only cost parses again; only strings of an address's length are kept.
const keys = new LRUCache<string, string>({ max: 10_000 });
const MAX_KEPT_LENGTH = 64;

/**
 * The key that per-address limits and IP bans count by. An IPv4 client (also when written as an
 * IPv4-mapped IPv6 address, `::ffff:a.b.c.d`) is its own address; an IPv6 client is its /64
 * network, written as that network's first address: one subscriber is routinely given a whole
 * /64, so counting exact IPv6 addresses would let them step around every limit and ban.
 * Anything unparseable (e.g. `unknown`) is returned as is.
 *
 * @example
 * clientAddressKey('::ffff:203.0.113.9'); // '203.0.113.9'
 * clientAddressKey('2001:db8:1:2:aaaa::1'); // '2001:db8:1:2::'
 */
export function clientAddressKey(address: string): string {
  const known = keys.get(address);
  if (known !== undefined) return known;
  const key = keyOf(address);
  if (address.length <= MAX_KEPT_LENGTH) keys.set(address, key);
  return key;
}

function keyOf(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`).toString();
}
