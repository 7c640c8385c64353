import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time.ts';

const NOW = Date.parse('2026-11-29T10:00:00.000Z');

describe('relativeTime', () => {
  it('says "just now" for the last few seconds', () => {
    expect(relativeTime('2026-11-29T09:59:40.000Z', NOW, 'en')).toBe('just now');
  });

  it('counts minutes, hours and days back', () => {
    expect(relativeTime('2026-11-29T09:55:00.000Z', NOW, 'en')).toBe('5 minutes ago');
    expect(relativeTime('2026-11-29T07:00:00.000Z', NOW, 'en')).toBe('3 hours ago');
    expect(relativeTime('2026-11-28T10:00:00.000Z', NOW, 'en')).toBe('yesterday');
    expect(relativeTime('2026-11-19T10:00:00.000Z', NOW, 'en')).toBe('last week');
  });
});
