import { afterAll, beforeAll, inject } from 'vitest';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '@parley/test-kit';
import { openDatabase, type Database } from '../database.ts';

/**
 * A fresh database of `kind` with every migration applied, for the enclosing `describe`.
 * Returns a getter because the database only exists once `beforeAll` has run.
 *
 * @example
 * describe.each(DATABASE_KINDS)('models on %s', (kind) => {
 *   const database = useMigratedDatabase(kind);
 *   it('…', async () => { const { User } = database().models; });
 * });
 */
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
    if (!db) throw new Error('useMigratedDatabase: the database is opened in beforeAll');
    return db;
  };
}
