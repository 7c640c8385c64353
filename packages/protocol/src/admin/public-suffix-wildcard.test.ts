import { describe, expect, it } from 'vitest';
import { ZOriginSchema } from './resources.ts';
import { isWildcardOnPublicSuffix } from './public-suffix-wildcard.ts';

describe('allowed-origin entries', () => {
  it.each(['https://*.com', 'https://*.co.uk', 'http://*.CO.UK', 'https://*.github.io', '*.net'])(
    'refuses the wildcard on a public suffix %s',
    (entry) => {
      expect(isWildcardOnPublicSuffix(entry)).toBe(true);
    },
  );

  it.each([
    'https://*.example.com',
    'https://*.shop.example.co.uk',
    'http://*.localhost:5173',
    'https://example.com',
    '*',
  ])('accepts %s', (entry) => {
    expect(isWildcardOnPublicSuffix(entry)).toBe(false);
    expect(ZOriginSchema.safeParse(entry).success).toBe(true);
  });

  it('names the problem in the schema error', () => {
    const result = ZOriginSchema.safeParse('https://*.co.uk');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/public suffix/);
  });
});
