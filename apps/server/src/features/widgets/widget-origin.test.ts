import { describe, expect, it } from 'vitest';
import { isOriginAllowed, isOwnOrigin } from './widget-origin.ts';

describe('isOriginAllowed', () => {
  const list = [
    'https://shop.example.com',
    'http://localhost:8080',
    '*.example.org',
    'https://*.secure.net',
  ];

  it.each([
    ['https://shop.example.com', true],
    ['https://shop.example.com:443', true],
    ['https://SHOP.example.com', true],
    ['http://shop.example.com', false],
    ['https://shop.example.com:8443', false],
    ['https://evil-shop.example.com', false],
    ['https://shop.example.com.evil.io', false],
    ['http://localhost:8080', true],
    ['http://localhost:8081', false],
    ['https://a.example.org', true],
    ['http://a.b.example.org', true],
    ['https://example.org', false],
    ['https://badexample.org', false],
    ['https://x.secure.net', true],
    ['http://x.secure.net', false],
    ['null', false],
    ['file://', false],
    ['not an origin', false],
  ])('%s → %s', (origin, expected) => {
    expect(isOriginAllowed(list, origin)).toBe(expected);
  });

  it('refuses a missing Origin when a list is set, and everything with an empty list', () => {
    expect(isOriginAllowed(list, undefined)).toBe(false);
    expect(isOriginAllowed([], 'https://anything.test')).toBe(false);
    expect(isOriginAllowed(null, 'https://anything.test')).toBe(false);
    expect(isOriginAllowed(null, undefined)).toBe(false);
  });

  it('allows every origin only with `*` in the list', () => {
    expect(isOriginAllowed(['*'], 'https://anything.test')).toBe(true);
    expect(isOriginAllowed(['https://shop.example.com', ' * '], 'http://other.test:81')).toBe(true);
    expect(isOriginAllowed(['*.example.org'], 'https://anything.test')).toBe(false);
  });
});

describe('isOwnOrigin', () => {
  it('matches a page served by this host only', () => {
    expect(isOwnOrigin('http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(true);
    expect(isOwnOrigin('https://chat.example.com', 'chat.example.com')).toBe(true);
    expect(isOwnOrigin('https://chat.example.com', 'chat.example.com:8443')).toBe(false);
    expect(isOwnOrigin(undefined, 'chat.example.com')).toBe(false);
  });
});
