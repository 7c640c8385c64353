/**
 * Column values as raw queries hand them back, which differ by engine: SQLite gives dates as
 * text (`2026-01-02 03:04:05.678 +00:00`) and JSON as text; MariaDB gives dates as `Date` and
 * JSON as text or parsed, depending on the server's version.
 */

/** A date column's value; text without a zone is UTC, as the models write it. */
export function rawDate(value: Date | string): Date {
  if (value instanceof Date) return value;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}

/** A JSON column's value (the models store objects or arrays, never a bare string). */
export function rawJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
