import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, waitUntil, type TestDatabase } from '@parley/test-kit';
import { openDatabase, type Database } from './database.ts';
import {
  createWriterConnection,
  isUniqueViolation,
  type SqlStatements,
} from './writer-connection.ts';
import { openSqliteConnection } from './writer-drivers.ts';

describe.each(DATABASE_KINDS)('the writer connection on %s', (kind) => {
  let testDb: TestDatabase;
  let db: Database;
  const writer = () => db.writer!;
  const count = async () => {
    const [row] = await db.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM notes', {
      type: QueryTypes.SELECT,
    });
    return Number(row?.n);
  };
  beforeAll(async () => {
    testDb = await createTestDatabase(kind, inject('mariadbBaseUrl'));
    db = openDatabase({ url: testDb.url, sqliteStorage: '' });
    await db.sequelize.query(
      kind === 'sqlite'
        ? 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT UNIQUE)'
        : 'CREATE TABLE notes (id INTEGER PRIMARY KEY AUTO_INCREMENT, body VARCHAR(100) UNIQUE)',
    );
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it('commits statements sent together, visible to the other connections', async () => {
    const before = await count();
    const seen = await writer().transaction(async (sql) => {
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
    const failed = writer().transaction(async (sql) => {
      await sql.run('INSERT INTO notes (body) VALUES (?)', ['four']);
      await sql.run('INSERT INTO notes (body) VALUES (?)', ['one']);
    });
    await expect(failed).rejects.toSatisfy(isUniqueViolation);
    expect(await count()).toBe(before);
    // The connection is usable again at once.
    await writer().transaction((sql) => sql.run('INSERT INTO notes (body) VALUES (?)', ['four']));
    expect(await count()).toBe(before + 1);
  });

  it('leaves no transaction open after a single statement fails (MySQL: autocommit is off)', async () => {
    await writer().run('INSERT INTO notes (body) VALUES (?)', ['twice']);
    await expect(writer().run('INSERT INTO notes (body) VALUES (?)', ['twice'])).rejects.toSatisfy(
      isUniqueViolation,
    );
    if (kind === 'sqlite') return;
    // Left open, it would hold what the refused INSERT locked, and the next transaction would
    // run inside it.
    const [state] = await writer().transaction((sql) =>
      sql.select<{ open: number | string }>('SELECT @@in_transaction AS open', []),
    );
    expect(Number(state?.open)).toBe(0);
  });

  it('runs transactions and single statements asked for at once one after the other', async () => {
    const before = await count();
    const order: string[] = [];
    await Promise.all([
      ...['a', 'b'].map((name) =>
        writer().transaction(async (sql) => {
          order.push(`${name} begins`);
          await sql.run('INSERT INTO notes (body) VALUES (?)', [`concurrent ${name}`]);
          order.push(`${name} ends`);
        }),
      ),
      writer()
        .run('INSERT INTO notes (body) VALUES (?)', ['alone'])
        .then(() => order.push('alone')),
    ]);
    expect(order).toEqual(['a begins', 'a ends', 'b begins', 'b ends', 'alone']);
    expect(await count()).toBe(before + 3);
  });
});

describe('the writer connection on a SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-writer-'));
  const file = join(dir, 'writer.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function countingWriter(idleCloseMs?: number) {
    const counts = { opened: 0, closed: 0 };
    const writer = createWriterConnection({
      begin: 'BEGIN IMMEDIATE',
      ...(idleCloseMs === undefined ? {} : { idleCloseMs }),
      open: async () => {
        counts.opened += 1;
        const connection = await openSqliteConnection(file);
        return {
          ...connection,
          close: async () => {
            counts.closed += 1;
            await connection.close();
          },
        };
      },
    });
    return { writer, counts };
  }

  it('has the pragmas of every Parley SQLite connection', async () => {
    const db = openDatabase({ url: undefined, sqliteStorage: join(dir, 'pragmas.sqlite') });
    const read = (name: string) =>
      db.writer!.transaction(async (sql) => {
        const [row] = await sql.select<Record<string, unknown>>(`PRAGMA ${name}`, []);
        return Object.values(row ?? {})[0];
      });
    expect(await read('journal_mode')).toBe('wal');
    expect(await read('synchronous')).toBe(2);
    expect(await read('busy_timeout')).toBe(10000);
    expect(await read('foreign_keys')).toBe(1);
    await db.close();
  });

  it('refuses statements sent for a transaction that is over', async () => {
    const { writer } = countingWriter();
    let late: SqlStatements | undefined;
    await writer.transaction(async (sql) => {
      late = sql;
      await sql.run('CREATE TABLE IF NOT EXISTS late (n INTEGER)', []);
    });
    await expect(late!.run('INSERT INTO late (n) VALUES (?)', [1])).rejects.toThrow(
      'the transaction is over',
    );
    const rows = await writer.transaction((sql) => sql.select('SELECT n FROM late', []));
    expect(rows).toEqual([]);
    await writer.close();
  });

  it('gives an idle connection back and opens another for the next write', async () => {
    const { writer, counts } = countingWriter(20);
    await writer.run('CREATE TABLE IF NOT EXISTS idle (n INTEGER)', []);
    await waitUntil(
      () => counts.closed,
      (closed) => closed === 1,
    );
    await writer.run('INSERT INTO idle (n) VALUES (?)', [1]);
    expect(counts.opened).toBe(2);
    await writer.close();
  });

  it('refuses work once closed', async () => {
    const { writer } = countingWriter();
    await writer.close();
    await expect(writer.run('SELECT 1', [])).rejects.toThrow('the database is closed');
  });
});
