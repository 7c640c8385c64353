import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@parley/test-kit';
import { openSqliteConnection } from './sqlite-ordered-connection.ts';
import { createWalCheckpointer } from './wal-checkpointer.ts';

describe('checkpoints off the writer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-checkpoints-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * Rows in the database file alone, as checkpoints left it (the log not read); 0 while the
   * table is only in the log, or when the copy caught a checkpoint half way (tried again).
   */
  const rowsInFile = async (file: string, copy: string) => {
    copyFileSync(file, copy);
    try {
      const reader = await openSqliteConnection(copy);
      try {
        const [row] = await reader.all<{ n: number }>('SELECT count(*) AS n FROM notes', []);
        return row?.n ?? 0;
      } finally {
        await reader.close();
      }
    } catch {
      return 0;
    }
  };

  /** Enough rows to fill the log past SQLite's automatic checkpoint (1,000 pages). */
  const writeMany = async (writer: Awaited<ReturnType<typeof openSqliteConnection>>) => {
    await writer.run('CREATE TABLE notes (body TEXT)', []);
    for (let batch = 0; batch < 20; batch++) {
      await writer.run('BEGIN IMMEDIATE', []);
      for (let n = 0; n < 50; n++)
        await writer.run('INSERT INTO notes VALUES (?)', ['x'.repeat(4_000)]);
      await writer.run('COMMIT', []);
    }
  };

  it('leaves the log to the checkpointer, which copies it into the database file', async () => {
    const file = join(dir, 'writer.sqlite');
    const writer = await openSqliteConnection(file, { autoCheckpoint: false });
    await writeMany(writer);
    // No commit checkpointed, though the log is past the automatic threshold.
    expect(await rowsInFile(file, join(dir, 'copy-1.sqlite'))).toBe(0);

    const checkpoints = createWalCheckpointer({
      open: () => openSqliteConnection(file),
      intervalMs: 20,
      checkpointInTurn: () => writer.run('PRAGMA wal_checkpoint(PASSIVE)', []),
      restartAfterFrames: Infinity,
    });
    checkpoints.start();
    await waitUntil(
      () => rowsInFile(file, join(dir, 'copy-2.sqlite')),
      (n) => n === 1_000,
    );
    await checkpoints.close();
    await writer.close();
  });

  /**
   * The log file's size after `statements` back-to-back commits of 5 rows of 4 KB (5 frames
   * each), with the checkpointer running, made to start the log over past `restartAfterFrames`.
   */
  const logAfterSteadyWrites = async (name: string, restartAfterFrames: number) => {
    const file = join(dir, name);
    const writer = await openSqliteConnection(file, { autoCheckpoint: false });
    await writer.run('CREATE TABLE notes (body TEXT)', []);
    const checkpoints = createWalCheckpointer({
      open: () => openSqliteConnection(file),
      intervalMs: 20,
      checkpointInTurn: () => writer.run('PRAGMA wal_checkpoint(PASSIVE)', []),
      restartAfterFrames,
    });
    checkpoints.start();
    const row = 'x'.repeat(4_000);
    const sql = 'INSERT INTO notes VALUES (?), (?), (?), (?), (?)';
    // Two writers sending one commit after another, as message batches come under load.
    const writeSteadily = async () => {
      for (let n = 0; n < 600; n++) await writer.run(sql, [row, row, row, row, row]);
    };
    await Promise.all([writeSteadily(), writeSteadily()]);
    const size = statSync(`${file}-wal`).size;
    await checkpoints.close();
    await writer.close();
    return size;
  };

  it('keeps the log bounded under back-to-back commits by starting it over in turn', async () => {
    const written = 1_200 * 5 * 4_096;
    // Checkpoints beside the commits alone never reach the log's end: it only grows.
    expect(await logAfterSteadyWrites('steady-beside.sqlite', Infinity)).toBeGreaterThan(
      written * 0.9,
    );
    expect(await logAfterSteadyWrites('steady-in-turn.sqlite', 500)).toBeLessThan(written / 3);
  });

  it('checkpoints in the commit on any other connection, as SQLite does by default', async () => {
    const file = join(dir, 'default.sqlite');
    const writer = await openSqliteConnection(file);
    await writeMany(writer);
    expect(await rowsInFile(file, join(dir, 'copy-3.sqlite'))).toBeGreaterThan(0);
    await writer.close();
  });
});
