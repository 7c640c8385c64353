import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@parley/test-kit';
import { openDatabase, type Database } from './database.ts';
import { selectRows } from './raw-sql.ts';
import { writeOne } from './write-transaction.ts';

describe.each(DATABASE_KINDS)('hot raw reads (selectRows) on %s', (kind) => {
  let testDb: TestDatabase;
  let db: Database;
  const bodies = async () =>
    (await selectRows<{ body: string }>(db, 'SELECT body FROM notes ORDER BY id', [])).map(
      (row) => row.body,
    );
  beforeAll(async () => {
    testDb = await createTestDatabase(kind, inject('mariadbBaseUrl'));
    db = openDatabase({ url: testDb.url, sqliteStorage: '' });
    await db.sequelize.query(
      kind === 'sqlite'
        ? 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, at TEXT, n INTEGER)'
        : 'CREATE TABLE notes (id INTEGER PRIMARY KEY AUTO_INCREMENT, body VARCHAR(100), at VARCHAR(40), n INTEGER)',
    );
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it('has a connection of its own on a SQLite file only', () => {
    expect(db.reader !== undefined).toBe(kind === 'sqlite');
  });

  it('sees at once what the writer and Sequelize committed, values as stored', async () => {
    await writeOne(db, 'INSERT INTO notes (body, at, n) VALUES (?, ?, ?)', [
      'from the writer',
      '2026-11-29 10:00:00.000',
      7,
    ]);
    expect(await bodies()).toEqual(['from the writer']);
    await db.sequelize.query("INSERT INTO notes (body) VALUES ('from sequelize')");
    expect(await bodies()).toEqual(['from the writer', 'from sequelize']);
    const [row] = await selectRows<{ at: string; n: number }>(
      db,
      'SELECT at, n FROM notes WHERE body = ? AND n = ?',
      ['from the writer', 7],
    );
    expect(row).toEqual({ at: '2026-11-29 10:00:00.000', n: 7 });
  });

  it('binds values as values, never as SQL', async () => {
    expect(await selectRows(db, 'SELECT body FROM notes WHERE body = ?', ["x' OR '1'='1"])).toEqual(
      [],
    );
  });

  it('refuses values the two engines would bind differently, before reading', async () => {
    for (const value of [new Date(), 1n, ['a', 'b'], true])
      await expect(
        selectRows(db, 'SELECT body FROM notes WHERE body = ?', [value]),
      ).rejects.toThrow(/selectRows binds strings, numbers and null/);
  });

  it('refuses reads once the database is closed', async () => {
    const other = openDatabase({ url: testDb.url, sqliteStorage: '' });
    expect(await selectRows(other, 'SELECT COUNT(*) AS n FROM notes', [])).toHaveLength(1);
    await other.close();
    await expect(selectRows(other, 'SELECT COUNT(*) AS n FROM notes', [])).rejects.toThrow();
  });
});
