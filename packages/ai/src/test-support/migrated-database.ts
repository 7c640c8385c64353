import './provided-context.ts';
import { afterAll, beforeAll, inject } from 'vitest';
import { openDatabase, type Database } from '@parley/db';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '@parley/test-kit';

/** A fresh, migrated database of `kind` for the enclosing `describe` (read it after beforeAll). */
export function useMigratedDatabase(kind: DatabaseKind): () => Database {
  let testDb: TestDatabase | undefined;
  let db: Database | undefined;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind, inject('mariadbBaseUrl'));
    db = openDatabase({ url: testDb.url, sqliteStorage: '' });
    await db.migrator.up();
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });
  return () => {
    if (!db) throw new Error('the database is opened in beforeAll');
    return db;
  };
}
