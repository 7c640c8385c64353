import { describe, expect, it } from 'vitest';
import { createClientId } from './client-id.ts';

describe('createClientId', () => {
  it('is 32 hex digits, sorts by time and differs within the same millisecond', () => {
    const earlier = createClientId(Date.parse('2026-11-30T08:00:00.000Z'));
    const later = createClientId(Date.parse('2026-11-30T08:00:00.001Z'));
    const sameMoment = createClientId(Date.parse('2026-11-30T08:00:00.001Z'));
    expect(earlier).toMatch(/^[0-9a-f]{32}$/);
    expect([later, earlier].sort()).toEqual([earlier, later]);
    expect(sameMoment).not.toBe(later);
    expect(sameMoment.slice(0, 12)).toBe(later.slice(0, 12));
  });
});
