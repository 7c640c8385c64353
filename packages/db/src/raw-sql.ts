import { QueryTypes } from 'sequelize';
import type { Database } from './database.ts';

/**
 * Rows of a raw SELECT as plain objects, with the column names and values as stored (SQLite:
 * dates and JSON as text): no model instances. For reads on a hot path (every message or
 * answer), where building instances, and on SQLite the column-type lookup Sequelize runs before
 * each model read, cost more than the query. Write table names unquoted: a backquoted name makes
 * Sequelize's SQLite dialect run that lookup again. On a SQLite file they run on the database's
 * reader connection, with the values bound (pass strings and numbers, not dates).
 *
 * @example
 *   const [row] = await selectRows<{ status: string }>(db, 'SELECT status FROM chat_sessions WHERE id = ?', [id]);
 */
export async function selectRows<T extends object>(
  db: Pick<Database, 'sequelize' | 'reader'>,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  assertBindable(params);
  if (db.reader) return db.reader.select<T>(sql, params);
  return db.sequelize.query<T>(sql, { replacements: params, type: QueryTypes.SELECT });
}

/**
 * On a SQLite file the values are bound by sqlite3, which binds a Date as a number, a BigInt as
 * NULL and an array as one value, where Sequelize writes a date string, a number and a list: such
 * a read would quietly match nothing on one engine only.
 */
function assertBindable(params: unknown[]): void {
  for (const value of params)
    if (value !== null && typeof value !== 'string' && typeof value !== 'number')
      throw new TypeError(`selectRows binds strings, numbers and null, not ${typeof value}`);
}

/** `?, ?, ?`: one placeholder per value, for `IN (…)` lists. */
export function sqlMarks(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

/**
 * One multi-row `INSERT` and its parameters, from each row's values in `columns` order.
 *
 * @example
 *   await sql.run(...multiRowInsert('notes', ['id', 'body'], notes.map((n) => [n.id, n.body])));
 */
export function multiRowInsert(
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
): [string, unknown[]] {
  const row = `(${sqlMarks(columns)})`;
  return [
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.map(() => row).join(', ')}`,
    rows.flat(),
  ];
}
