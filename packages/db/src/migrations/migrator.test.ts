import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@parley/test-kit';
import { openDatabase, type Database } from '../database.ts';
import { snapshotSchema } from '../test-support/schema-snapshot.ts';

describe.each(DATABASE_KINDS)('migrations on %s', (kind) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind, inject('mariadbBaseUrl'));
    db = openDatabase({ url: testDb.url, sqliteStorage: '' });
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('applies every migration, then reports none pending', async () => {
    const all = await db.migrator.pending();
    expect(all.length).toBeGreaterThanOrEqual(20);
    await db.migrator.up();
    expect(await db.pendingMigrations()).toEqual([]);
    const tables = (await db.sequelize.getQueryInterface().showAllTables()).map(String);
    for (const table of [
      'users',
      'chat_sessions',
      'chat_messages',
      'visitors',
      'widget_configs',
      'notifications',
    ]) {
      expect(tables).toContain(table);
    }
  });

  it('rolls each migration down and up again, leaving the same schema at every step', async () => {
    const applied = (await db.migrator.executed()).map((m) => m.name);
    const snapshots: Array<Record<string, unknown>> = [await snapshotSchema(db.sequelize)];
    for (let i = applied.length; i > 0; i--) {
      await db.migrator.down({ step: 1 });
      snapshots.unshift(await snapshotSchema(db.sequelize));
    }
    const userTables = Object.keys(snapshots[0]!);
    expect(userTables).toEqual([]);
    for (let i = 1; i <= applied.length; i++) {
      await db.migrator.up({ step: 1 });
      expect(await snapshotSchema(db.sequelize), `after re-applying ${applied[i - 1]}`).toEqual(
        snapshots[i],
      );
    }
    expect(await db.pendingMigrations()).toEqual([]);
  });
});
