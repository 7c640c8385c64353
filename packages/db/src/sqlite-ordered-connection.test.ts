import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteConnection } from './sqlite-ordered-connection.ts';

describe('the ordered SQLite connection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-ordered-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs statements in the order sent, also when sent together on kept statements', async () => {
    const connection = await openSqliteConnection(join(dir, 'order.sqlite'));
    await connection.run('CREATE TABLE steps (n INTEGER)', []);
    // Two SQL texts, alternating: each is a kept statement with its own sqlite3 queue.
    const sent = Array.from({ length: 60 }, (_, n) =>
      n % 2 === 0
        ? connection.run('INSERT INTO steps (n) VALUES (?)', [n])
        : connection.run('INSERT INTO steps (n) SELECT ?', [n]),
    );
    const seen = connection.all<{ n: number }>('SELECT n FROM steps ORDER BY rowid', []);
    await Promise.all(sent);
    expect((await seen).map((row) => row.n)).toEqual(Array.from({ length: 60 }, (_, n) => n));
    await connection.close();
  });

  it('fails a statement that cannot be prepared with its own error, and goes on', async () => {
    const connection = await openSqliteConnection(join(dir, 'bad.sqlite'));
    await expect(connection.run('INSERT INTO nowhere VALUES (?)', [1])).rejects.toThrow(
      /no such table: nowhere/,
    );
    await expect(connection.run('INSERT INTO nowhere VALUES (?)', [1])).rejects.toThrow(
      /no such table: nowhere/,
    );
    expect(await connection.all('SELECT 1 AS one', [])).toEqual([{ one: 1 }]);
    await connection.close();
  });

  it('leaves nothing open after a statement that waited in vain for the write lock', async () => {
    const file = join(dir, 'busy.sqlite');
    const connection = await openSqliteConnection(file);
    await connection.run('CREATE TABLE t (a INTEGER)', []);
    await connection.run('PRAGMA busy_timeout = 50', []);
    const other = await openSqliteConnection(file);
    await other.run('BEGIN IMMEDIATE', []);
    await expect(connection.run('BEGIN IMMEDIATE', [])).rejects.toThrow(/SQLITE_BUSY/);
    await other.run('COMMIT', []);
    // The failed BEGIN holds no transaction: this INSERT commits by itself, seen elsewhere…
    await connection.run('INSERT INTO t (a) VALUES (?)', [1]);
    expect(await other.all('SELECT a FROM t', [])).toEqual([{ a: 1 }]);
    // …and the write lock is free for the other connection.
    await other.run('BEGIN IMMEDIATE', []);
    await other.run('INSERT INTO t (a) VALUES (?)', [2]);
    await other.run('COMMIT', []);
    expect(await connection.all('SELECT a FROM t ORDER BY a', [])).toEqual([{ a: 1 }, { a: 2 }]);
    await Promise.all([connection.close(), other.close()]);
  });

  it('reads what was committed since, after a statement that returned rows', async () => {
    const file = join(dir, 'snapshot.sqlite');
    const connection = await openSqliteConnection(file);
    await connection.run('CREATE TABLE t (a INTEGER)', []);
    await connection.run('INSERT INTO t (a) VALUES (1), (2)', []);
    await connection.run('SELECT a FROM t', []);
    const other = await openSqliteConnection(file);
    await other.run('INSERT INTO t (a) VALUES (?)', [3]);
    expect(await connection.all('SELECT COUNT(*) AS n FROM t', [])).toEqual([{ n: 3 }]);
    await Promise.all([connection.close(), other.close()]);
  });

  it('keeps a bounded number of statements and closes the database cleanly', async () => {
    const file = join(dir, 'many.sqlite');
    const connection = await openSqliteConnection(file);
    await connection.run('CREATE TABLE t (a INTEGER, b INTEGER)', []);
    // More distinct SQL texts than are kept: the oldest are finalized along the way.
    for (let width = 1; width <= 100; width++)
      await connection.run(`INSERT INTO t (a) VALUES ${Array(width).fill('(?)').join(', ')}`, [
        ...Array(width).keys(),
      ]);
    const [row] = await connection.all<{ n: number }>('SELECT COUNT(*) AS n FROM t', []);
    expect(row!.n).toBe(5050);
    expect(existsSync(`${file}-wal`)).toBe(true);
    await connection.close();
    // The last connection to close checkpoints and removes the WAL: no statement was left open.
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
