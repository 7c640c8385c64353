import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryTypes, type Transaction } from 'sequelize';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';

describe('the embedded SQLite connection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-conn-'));
  const db = openDatabase({ url: undefined, sqliteStorage: join(dir, 'parley.sqlite') });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function pragma(name: string, transaction?: Transaction): Promise<unknown> {
    const rows = await db.sequelize.query<Record<string, unknown>>(`PRAGMA ${name}`, {
      type: QueryTypes.SELECT,
      ...(transaction ? { transaction } : {}),
    });
    return Object.values(rows[0] ?? {})[0];
  }

  it('is durable on commit, in WAL mode, waits when busy, and enforces foreign keys', async () => {
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(2);
    expect(await pragma('busy_timeout')).toBe(10000);
    expect(await pragma('foreign_keys')).toBe(1);
  });

  it('configures the separate connection a transaction opens in the same way', async () => {
    await db.sequelize.transaction(async (transaction) => {
      expect(await pragma('busy_timeout', transaction)).toBe(10000);
      expect(await pragma('synchronous', transaction)).toBe(2);
    });
  });

  it('reuses a transaction connection only after ending what a failed transaction left open', async () => {
    await db.sequelize.query('CREATE TABLE IF NOT EXISTS reuse_probe (id INTEGER PRIMARY KEY)');
    // A transaction whose work fails is rolled back; its connection goes back for reuse.
    await expect(
      db.sequelize.transaction(async (transaction) => {
        await db.sequelize.query('INSERT INTO reuse_probe (id) VALUES (1)', { transaction });
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    // BEGIN on a connection left inside a transaction would fail ("cannot start a transaction
    // within a transaction"); here each one starts, commits, and is seen by another connection.
    for (const id of [2, 3, 4])
      await db.sequelize.transaction(async (transaction) => {
        expect(await pragma('foreign_keys', transaction)).toBe(1);
        await db.sequelize.query(`INSERT INTO reuse_probe (id) VALUES (${id})`, { transaction });
      });
    const other = openDatabase({ url: undefined, sqliteStorage: join(dir, 'parley.sqlite') });
    try {
      const rows = await other.sequelize.query<{ id: number }>('SELECT id FROM reuse_probe', {
        type: QueryTypes.SELECT,
      });
      expect(rows.map((row) => row.id).sort()).toEqual([2, 3, 4]);
    } finally {
      await other.close();
    }
  });

  it('closes while transactions are ending or starting, with no error outside their callers', async () => {
    // A SIGTERM can arrive while writes are in flight (e.g. the demo seeding at start-up).
    // Sequelize closes a released connection, and sends a statement on a new one, without a
    // callback: on a handle closed meanwhile, sqlite3 throws that error outside any caller,
    // which ends the process (vitest reports it as an unhandled error).
    const closing = openDatabase({ url: undefined, sqliteStorage: join(dir, 'closing.sqlite') });
    let resumeWork!: () => void;
    const workPaused = new Promise<void>((resolve) => (resumeWork = resolve));
    let began!: () => void;
    const hasBegun = new Promise<void>((resolve) => (began = resolve));
    const ending = closing.sequelize.transaction(async (transaction) => {
      await closing.sequelize.query('SELECT 1', { transaction });
      began();
      await workPaused;
    });
    await hasBegun;
    resumeWork();
    const starting = closing.sequelize.transaction(async (transaction) => {
      await closing.sequelize.query('SELECT 1', { transaction });
    });
    // A plain query too: its connection is the shared one, released as the close begins.
    const plain = closing.sequelize.query('SELECT 1').then(
      () => 'read',
      (error: unknown) => String(error),
    );
    await closing.close();
    expect(await plain).toMatch(/^read$|clos/i);
    // Each caller hears how its own work ended; a transaction the close cut short is refused.
    const outcomes = await Promise.allSettled([ending, starting]);
    for (const outcome of outcomes)
      if (outcome.status === 'rejected') expect(String(outcome.reason)).toMatch(/clos/i);
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
});
