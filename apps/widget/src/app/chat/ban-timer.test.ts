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

  it('does not wait past the end however often it is told of the ban (a flaky connection)', () => {
    const reconnect = vi.fn();
    const timer = createBanTimer(reconnect);
    // Notices, refused requests, refused reconnects after the network came back: none its own.
    for (let i = 0; i < 20; i += 1) {
      timer.waitFor(at(60_000));
      vi.advanceTimersByTime(1_000);
    }
    vi.advanceTimersByTime(40_499);
    expect(reconnect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(reconnect).toHaveBeenCalledTimes(1);
  });

  it('backs off on its own refused reconnects only, and is told the end anew by the others', () => {
    const reconnect = vi.fn();
    const timer = createBanTimer(reconnect);
    const waitUntilReconnect = () => {
      const before = reconnect.mock.calls.length;
      const start = Date.now();
      while (reconnect.mock.calls.length === before) vi.advanceTimersByTime(100);
      return Date.now() - start;
    };
    timer.waitFor(at(-60_000)); // an end the server has not reached yet: its clock is behind
    expect(waitUntilReconnect()).toBe(1_000);
    timer.waitFor(at(-60_000)); // the timer's reconnect refused
    expect(waitUntilReconnect()).toBe(2_000);
    timer.waitFor(at(-60_000));
    // Before this one fires, a refusal of another kind (the network came back) changes nothing.
    timer.waitFor(at(-60_000));
    timer.waitFor(at(-60_000));
    expect(waitUntilReconnect()).toBe(4_000);
    // An end further off than the back-off is kept to.
    timer.waitFor(at(Date.now() - NOW + 30_000));
    expect(waitUntilReconnect()).toBe(30_500);
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
