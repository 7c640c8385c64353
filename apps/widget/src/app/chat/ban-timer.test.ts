import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { banEndOf, createBanTimer } from './ban-timer.ts';

const NOW = Date.parse('2026-05-01T10:00:00.000Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(NOW + ms).toISOString();

describe('the ban timer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('reconnects half a second after the end, once', () => {
    const reconnect = vi.fn();
    createBanTimer(reconnect).waitFor(at(10_000));
    vi.advanceTimersByTime(10_499);
    expect(reconnect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    vi.advanceTimersByTime(60_000);
    expect(reconnect).toHaveBeenCalledTimes(1);
  });

  it('waits for nothing after a ban for good, and a later notice replaces the timer', () => {
    const reconnect = vi.fn();
    const timer = createBanTimer(reconnect);
    timer.waitFor(at(5_000));
    timer.waitFor(null);
    vi.advanceTimersByTime(DAY);
    expect(reconnect).not.toHaveBeenCalled();
  });

  it('waits longer each time the server still refuses an end already past (a clock ahead)', () => {
    const reconnect = vi.fn();
    const timer = createBanTimer(reconnect);
    const delays = [0, 1, 2].map(() => {
      const before = reconnect.mock.calls.length;
      const start = Date.now();
      timer.waitFor(at(-60_000));
      while (reconnect.mock.calls.length === before) vi.advanceTimersByTime(100);
      return Date.now() - start;
    });
    expect(delays).toEqual([1_000, 2_000, 4_000]);
    timer.stop();
    timer.waitFor(at(-60_000));
    vi.advanceTimersByTime(1_000);
    expect(reconnect).toHaveBeenCalledTimes(4);
  });

  it('comes back after a day at most, however long the ban', () => {
    const reconnect = vi.fn();
    createBanTimer(reconnect).waitFor(at(30 * DAY));
    vi.advanceTimersByTime(DAY);
    expect(reconnect).toHaveBeenCalledTimes(1);
  });

  it('reads the end of a BANNED refusal; anything else is for good', () => {
    expect(banEndOf({ expiresAt: at(1) })).toBe(at(1));
    expect(banEndOf({ expiresAt: null })).toBeNull();
    expect(banEndOf(undefined)).toBeNull();
  });
});
