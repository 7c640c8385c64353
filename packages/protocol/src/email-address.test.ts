import { describe, expect, it } from 'vitest';
import { isOneEmailAddress } from './email-address.ts';
import { ZVisitorEmailSchema } from './entities.ts';
import { ZIdentifySchema } from './widget-events.ts';

describe('isOneEmailAddress', () => {
  it.each([
    'ana@example.com',
    'a.n.a+shop@googlemail.com',
    'josé@exemple.fr',
    'ana@exämple.de',
    '用户@例子.广告',
    'ana@mail.example.co.uk',
    "o'neil@example.ie",
  ])('accepts %s', (address) => {
    expect(isOneEmailAddress(address)).toBe(true);
  });

  it.each([
    ['a list', 'a@x.test, b@y.test'],
    ['a list with ;', 'a@x.test;b@y.test'],
    ['a display name', 'Ana <a@x.test>'],
    ['an angle address', '<a@x.test>'],
    ['a header after CRLF', 'a@x.test\r\nBcc: b@y.test'],
    ['a header after LF', 'a@x.test\nBcc: b@y.test'],
    ['a space', 'ana @example.com'],
    ['a non-breaking space', 'ana\u00a0@example.com'],
    ['a control character', 'ana\u0000@example.com'],
    ['a C1 control character', 'ana\u0085@example.com'],
    ['a quoted local part', '"a b"@x.test'],
    ['a comment', 'a(c)@x.test'],
    ['an address literal', 'a@[127.0.0.1]'],
    ['a backslash', 'a\\@b@x.test'],
    ['two @', 'a@b@x.test'],
    ['no @', 'ana.example.com'],
    ['an empty local part', '@example.com'],
    ['a domain without a dot', 'ana@localhost'],
    ['an empty domain label', 'ana@example..com'],
    ['a domain ending in a dot', 'ana@example.com.'],
    ['an empty string', ''],
    // The mailer reads these as the same inbox as `victim@example.com`: each would be a fresh
    // key for the per-inbox limit, so one inbox could be flooded under endless spellings.
    ['a group name', '1:victim@example.com'],
    ['a soft hyphen', 'victim@ex\u00adample.com'],
    ['a zero-width space', 'victim@ex\u200bample.com'],
    ['a bidi mark', 'victim\u200e@example.com'],
    ['an ideographic full stop', 'victim@example\u3002com'],
    ['a full-width full stop', 'victim@example\uff0ecom'],
    ['a half-width ideographic full stop', 'victim@example\uff61com'],
  ])('refuses %s', (_what, value) => {
    expect(isOneEmailAddress(value)).toBe(false);
  });

  it('refuses more than 255 characters', () => {
    const domain = '@example.com';
    expect(isOneEmailAddress(`${'a'.repeat(255 - domain.length)}${domain}`)).toBe(true);
    expect(isOneEmailAddress(`${'a'.repeat(256 - domain.length)}${domain}`)).toBe(false);
  });

  it('answers a near-miss of the longest length at once (the pattern cannot backtrack)', () => {
    const started = performance.now();
    for (let i = 0; i < 1_000; i++) {
      expect(isOneEmailAddress(`${'a'.repeat(100)}@${'b.'.repeat(77)}`)).toBe(false);
      expect(isOneEmailAddress(`${'a.'.repeat(120)}@b`)).toBe(false);
    }
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('ZVisitorEmailSchema (`visitor:contact`)', () => {
  it('trims and lowercases one address, internationalised too', () => {
    expect(ZVisitorEmailSchema.parse('  Ana@Exämple.DE ')).toBe('ana@exämple.de');
  });

  it('refuses a list with a message for the visitor', () => {
    const result = ZVisitorEmailSchema.safeParse('a@x.test, b@y.test');
    expect(result.error?.issues[0]?.message).toBe('must be one email address like ana@example.com');
  });
});

describe('ZIdentifySchema email', () => {
  it('reads a blank email as none', () => {
    expect(ZIdentifySchema.parse({ id: 'u1', email: '' }).email).toBeUndefined();
    expect(ZIdentifySchema.parse({ id: 'u1', email: ' \t' }).email).toBeUndefined();
  });

  it('takes any other string, trimmed and lowercased, for the server to check', () => {
    expect(ZIdentifySchema.parse({ id: 'u1', email: ' José@Exemple.fr ' }).email).toBe(
      'josé@exemple.fr',
    );
    expect(ZIdentifySchema.parse({ id: 'u1', email: 'a@x.test, b@y.test' }).email).toBe(
      'a@x.test, b@y.test',
    );
  });
});
