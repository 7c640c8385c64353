import { describe, expect, it } from 'vitest';
import type { OfficeHours } from '@parley/db';
import { officeState } from './office-hours.ts';

const weekdays = [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '17:00' }));
const paris: OfficeHours = { timeZone: 'Europe/Paris', openings: weekdays, holidays: [] };

describe('officeState', () => {
  it('is always open without office hours', () => {
    expect(officeState(null, new Date())).toEqual({ isOpen: true, opensAt: null, changesAt: null });
  });

  it('is open during an opening, in the office time zone, until it closes', () => {
    // Monday 2026-11-30 10:00 in Paris is 09:00 UTC.
    const state = officeState(paris, new Date('2026-11-30T09:00:00Z'));
    expect(state.isOpen).toBe(true);
    expect(state.changesAt?.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('after hours on Friday, opens again on Monday at nine local time', () => {
    const state = officeState(paris, new Date('2026-12-04T17:30:00Z'));
    expect(state).toMatchObject({ isOpen: false });
    expect(state.opensAt?.toISOString()).toBe('2026-12-07T08:00:00.000Z');
    expect(state.changesAt).toEqual(state.opensAt);
  });

  it('keeps nine o’clock local across a daylight-saving change', () => {
    // Paris leaves summer time on Sunday 2026-10-25: Friday opens at 07:00 UTC, Monday at 08:00.
    const friday = officeState(paris, new Date('2026-10-23T06:00:00Z'));
    expect(friday.opensAt?.toISOString()).toBe('2026-10-23T07:00:00.000Z');
    const monday = officeState(paris, new Date('2026-10-24T12:00:00Z'));
    expect(monday.opensAt?.toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  it('skips holidays as whole local days', () => {
    const hours = { ...paris, holidays: ['2026-12-25'] };
    // Thursday 24th after closing: Friday 25th is a holiday, so Monday 28th.
    const state = officeState(hours, new Date('2026-12-24T18:00:00Z'));
    expect(state.opensAt?.toISOString()).toBe('2026-12-28T08:00:00.000Z');
    expect(officeState(hours, new Date('2026-12-25T10:00:00Z')).isOpen).toBe(false);
  });

  it('treats 24:00 as the end of the day', () => {
    const hours: OfficeHours = {
      timeZone: 'UTC',
      openings: [{ day: 0, from: '20:00', to: '24:00' }],
      holidays: [],
    };
    const state = officeState(hours, new Date('2026-11-29T23:59:00Z'));
    expect(state.isOpen).toBe(true);
    expect(state.changesAt?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });

  it('never opens when every day is a holiday or no opening is set', () => {
    expect(officeState({ ...paris, openings: [] }, new Date())).toEqual({
      isOpen: false,
      opensAt: null,
      changesAt: null,
    });
  });
});
