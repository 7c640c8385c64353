import { DateTime } from 'luxon';
import type { OfficeHours } from '@parley/db';

export interface OfficeState {
  isOpen: boolean;
  /** The next opening, when closed; null when open or when the hours never open again. */
  opensAt: Date | null;
  /** The next opening or closing: when the state changes by itself. */
  changesAt: Date | null;
}

/** How far ahead to look for the next opening: a year of holidays plus a week. */
const SEARCH_DAYS = 373;

/**
 * Whether `hours` are open at `now`, and when that changes. Openings are wall-clock times in the
 * office's time zone, so a 09:00 opening stays 09:00 across daylight-saving changes; holidays
 * are whole local days. No office hours means always open.
 */
export function officeState(hours: OfficeHours | null, now: Date): OfficeState {
  if (!hours || hours.openings.length === 0) {
    return hours ? { isOpen: false, opensAt: null, changesAt: null } : ALWAYS_OPEN;
  }
  const at = DateTime.fromJSDate(now, { zone: hours.timeZone });
  const holidays = new Set(hours.holidays);
  // Start yesterday: an opening that began yesterday may still be running (e.g. until 24:00).
  for (let offset = -1; offset <= SEARCH_DAYS; offset++) {
    const day = at.startOf('day').plus({ days: offset });
    if (holidays.has(day.toISODate() ?? '')) continue;
    const intervals = hours.openings
      .filter((opening) => opening.day === day.weekday % 7)
      .map((opening) => ({ start: atClock(day, opening.from), end: atClock(day, opening.to) }))
      .sort((a, b) => a.start.toMillis() - b.start.toMillis());
    for (const { start, end } of intervals) {
      if (start <= at && at < end)
        return { isOpen: true, opensAt: null, changesAt: end.toJSDate() };
      if (start > at)
        return { isOpen: false, opensAt: start.toJSDate(), changesAt: start.toJSDate() };
    }
  }
  return { isOpen: false, opensAt: null, changesAt: null };
}

const ALWAYS_OPEN: OfficeState = { isOpen: true, opensAt: null, changesAt: null };

/** `09:30` on `day`, in the day's zone; `24:00` is the next midnight. */
function atClock(day: DateTime, clock: string): DateTime {
  const [hour, minute] = clock.split(':').map(Number) as [number, number];
  return hour === 24 ? day.plus({ days: 1 }) : day.set({ hour, minute });
}
