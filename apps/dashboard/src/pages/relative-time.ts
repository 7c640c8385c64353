const STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];

/**
 * "just now", "5 min. ago", "yesterday": how long ago `iso` was, in the browser's language.
 *
 * @example relativeTime('2026-11-29T10:00:00Z', Date.parse('2026-11-29T10:05:00Z')) // "5 minutes ago"
 */
export function relativeTime(iso: string, now: number, locale?: string): string {
  let amount = (Date.parse(iso) - now) / 1000;
  if (Math.abs(amount) < 45) return 'just now';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of STEPS) {
    if (Math.abs(amount) < size) return format.format(Math.round(amount), unit);
    amount /= size;
  }
  return format.format(Math.round(amount), 'year');
}
