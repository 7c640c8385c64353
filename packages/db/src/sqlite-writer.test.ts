import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { isUniqueViolation } from './sqlite-writer.ts';

describe('the SQLite writer connection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-writer-'));
  const db = openDatabase({ url: undefined, sqliteStorage: join(dir, 'parley.sqlite') });
  const writer = db.sqliteWriter!;
  const count = async () => {
    const [row] = await db.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM notes', {
      type: QueryTypes.SELECT,
    });
    return Number(row?.n);
  };
  beforeAll(async () => {
    await db.sequelize.query('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT UNIQUE)');
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the pragmas of every Parley connection', async () => {
    const read = (name: string) =>
      writer.transaction(async (sql) => {
        const [row] = await sql.select<Record<string, unknown>>(`PRAGMA ${name}`, []);
        return Object.values(row ?? {})[0];
      });
    expect(await read('journal_mode')).toBe('wal');
    expect(await read('synchronous')).toBe(2);
    expect(await read('busy_timeout')).toBe(10000);
    expect(await read('foreign_keys')).toBe(1);
  });

  it('commits statements sent together, visible to the other connections', async () => {
    const before = await count();
    const seen = await writer.transaction(async (sql) => {
      await Promise.all([
        sql.run('INSERT INTO notes (body) VALUES (?)', ['one']),
        sql.run('INSERT INTO notes (body) VALUES (?), (?)', ['two', 'three']),
      ]);
      return sql.select<{ body: string }>('SELECT body FROM notes ORDER BY id', []);
    });
    expect(seen.map((row) => row.body)).toEqual(['one', 'two', 'three']);
    expect(await count()).toBe(before + 3);
  });

  it('undoes the whole transaction when a statement fails, and says why', async () => {
    const before = await count();
    const failed = writer.transaction(async (sql) => {
      await sql.run('INSERT INTO notes (body) VALUES (?)', ['four']);
      await sql.run('INSERT INTO notes (body) VALUES (?)', ['one']);
    });
    await expect(failed).rejects.toSatisfy(isUniqueViolation);
    expect(await count()).toBe(before);
    // The connection is usable again at once.
    await writer.transaction((sql) => sql.run('INSERT INTO notes (body) VALUES (?)', ['four']));
    expect(await count()).toBe(before + 1);
  });

  it('runs transactions asked for at once one after the other', async () => {
    const before = await count();
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        writer.transaction(async (sql) => {
          order.push(`${name} begins`);
          await sql.run('INSERT INTO notes (body) VALUES (?)', [`concurrent ${name}`]);
          order.push(`${name} ends`);
        }),
      ),
    );
    expect(order).toEqual(['a begins', 'a ends', 'b begins', 'b ends', 'c begins', 'c ends']);
    expect(await count()).toBe(before + 3);
  });
});
