import { describe, expect, it } from 'vitest';
import { clientAddressKey } from './client-address-key.ts';

describe('clientAddressKey', () => {
  it('keeps an IPv4 address, also when written IPv4-mapped', () => {
    expect(clientAddressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(clientAddressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('gives every address of one IPv6 /64 the same key, and other /64s another', () => {
    expect(clientAddressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::');
    expect(clientAddressKey('2001:DB8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::');
    expect(clientAddressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::');
  });

  it('returns what it cannot parse unchanged', () => {
    expect(clientAddressKey('unknown')).toBe('unknown');
  });
});
