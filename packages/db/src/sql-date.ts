import type { Sequelize } from 'sequelize';

/**
 * A date as a raw-query replacement, written the way the models write it.
 *
 * Sequelize escapes a `Date` replacement without its milliseconds on MySQL, and a column written
 * that way sorts apart from the ones the models wrote: keyset paging on it skips rows.
 */
export function sqlDateTime(sequelize: Sequelize, date: Date): string {
  const utc = date.toISOString().slice(0, 23).replace('T', ' ');
  return sequelize.getDialect() === 'sqlite' ? `${utc} +00:00` : utc;
}
