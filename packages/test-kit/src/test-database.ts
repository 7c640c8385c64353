import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

/** The two engines every database suite runs against, with the same assertions. */
export const DATABASE_KINDS = ['mariadb', 'sqlite'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

export interface TestDatabase {
  kind: DatabaseKind;
  /** A value for `DATABASE_URL`: `mysql://…/db` or `sqlite:<file>`. */
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database of the given kind. For MariaDB a new schema on the run's server
 * (`mariadbBaseUrl` from the global setup); for SQLite a file in a temp folder.
 */
export async function createTestDatabase(
  kind: DatabaseKind,
  mariadbBaseUrl: string,
): Promise<TestDatabase> {
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'parley-sqlite-'));
    return {
      kind,
      url: `sqlite:${join(dir, `${name}.sqlite`)}`,
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const admin = await createConnection(`${mariadbBaseUrl}/`);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  return {
    kind,
    url: `${mariadbBaseUrl}/${name}`,
    drop: async () => {
      const connection = await createConnection(`${mariadbBaseUrl}/`);
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}
