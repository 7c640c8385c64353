import type { TOfficeHours, TOpening } from '@parley/protocol';
import { FormFieldError } from './field-errors.ts';

/** The office-hours editor's state: edited as rows, sent as the protocol's `TOfficeHours`. */
export interface OfficeHoursForm {
  /** Off: the widget is open around the clock (`officeHours: null`). */
  isEnabled: boolean;
  timeZone: string;
  openings: TOpening[];
  /** `YYYY-MM-DD` local days, as the date inputs give them; blank rows are dropped. */
  holidays: string[];
}

export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

/** The browser's own zone: what a new office most likely keeps. */
function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Monday to Friday, 9 to 5: offered when office hours are first switched on. */
export function defaultOpenings(): TOpening[] {
  return [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '17:00' }));
}

/** The editor's state for a stored value (null or absent: switched off, defaults ready). */
export function toOfficeHoursForm(value: unknown): OfficeHoursForm {
  const stored = value as Partial<TOfficeHours> | null | undefined;
  if (!stored || typeof stored !== 'object')
    return {
      isEnabled: false,
      timeZone: localTimeZone(),
      openings: defaultOpenings(),
      holidays: [],
    };
  return {
    isEnabled: true,
    timeZone: String(stored.timeZone ?? localTimeZone()),
    openings: Array.isArray(stored.openings) ? stored.openings.map((row) => ({ ...row })) : [],
    holidays: Array.isArray(stored.holidays) ? stored.holidays.map(String) : [],
  };
}

/**
 * A time input cannot say `24:00`: an opening that ends at `00:00` ends at midnight, at the end
 * of its day (an opening never ends before it starts).
 */
const endOfDay = (to: string) => (to === '00:00' ? '24:00' : to);
export const toTimeInput = (clock: string) => (clock === '24:00' ? '00:00' : clock);

/**
 * What the form sends: null when switched off, else the office hours with blank holidays
 * dropped. A row the server would refuse is said at the field, naming the row.
 */
export function toOfficeHoursBody(fieldName: string, form: OfficeHoursForm): TOfficeHours | null {
  if (!form.isEnabled) return null;
  if (form.timeZone.trim() === '')
    throw new FormFieldError(fieldName, 'Choose the time zone the hours are in');
  const openings = form.openings.map((row, index) => {
    const opening = { day: row.day, from: row.from, to: endOfDay(row.to) };
    if (!opening.from || !opening.to)
      throw new FormFieldError(fieldName, `Opening ${index + 1}: give both times`);
    if (opening.from >= opening.to)
      throw new FormFieldError(
        fieldName,
        `Opening ${index + 1} (${WEEKDAYS[row.day] ?? 'day'}): it must end after it starts`,
      );
    return opening;
  });
  const holidays = form.holidays.map((day) => day.trim()).filter(Boolean);
  return { timeZone: form.timeZone.trim(), openings, holidays: [...new Set(holidays)].sort() };
}
