import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@parley/test-kit';
import { openDatabase, type Database } from './database.ts';
import { User } from './models/index.ts';

async function emailsIn(db: Database): Promise<string[]> {
  const rows = await db.sequelize.query<{ email: string }>('SELECT email FROM users', {
    type: QueryTypes.SELECT,
  });
  return rows.map((row) => row.email).sort();
}

describe('two databases open in one process', () => {
  const testDbs: TestDatabase[] = [];
  let mariadb: Database;
  let sqlite: Database;

  beforeAll(async () => {
    const baseUrl = inject('mariadbBaseUrl');
    testDbs.push(await createTestDatabase('mariadb', baseUrl));
    testDbs.push(await createTestDatabase('sqlite', baseUrl));
    // Opened one after the other and kept open together, as the bench opens both engines.
    mariadb = openDatabase({ url: testDbs[0]!.url, sqliteStorage: '' });
    sqlite = openDatabase({ url: testDbs[1]!.url, sqliteStorage: '' });
    await Promise.all([mariadb.migrator.up(), sqlite.migrator.up()]);
  });
  afterAll(async () => {
    await Promise.all([mariadb?.close(), sqlite?.close()]);
    await Promise.all(testDbs.map((testDb) => testDb.drop()));
  });

  it('writes and reads each through its own models, never the other engine', async () => {
    expect(mariadb.models.User).not.toBe(sqlite.models.User);
    expect(mariadb.models.User.sequelize).toBe(mariadb.sequelize);
    expect(sqlite.models.User.sequelize).toBe(sqlite.sequelize);

    // The first database opened is the one a rebinding would have stolen writes from.
    await mariadb.models.User.create({ email: 'maria@example.com', fullName: 'On MariaDB' });
    await sqlite.models.User.create({ email: 'lite@example.com', fullName: 'On SQLite' });

    expect(await emailsIn(mariadb)).toEqual(['maria@example.com']);
    expect(await emailsIn(sqlite)).toEqual(['lite@example.com']);
    const found = await sqlite.models.User.findOne({ where: { email: 'lite@example.com' } });
    expect(found).toBeInstanceOf(User);
    expect(await mariadb.models.User.count()).toBe(1);
  });

  it('follows associations within the database they were loaded from', async () => {
    const author = await sqlite.models.User.create({
      email: 'noted@example.com',
      fullName: 'Noted on SQLite',
    });
    await sqlite.models.Notification.create({
      userId: author.id,
      title: 'only on SQLite',
      message: 'written through the SQLite models',
    });
    const withNotes = await sqlite.models.User.findByPk(author.id, { include: ['notifications'] });
    expect(withNotes?.notifications?.map((note) => note.title)).toEqual(['only on SQLite']);
    expect(await mariadb.models.Notification.count()).toBe(0);
  });

  it('leaves the exported classes unbound, so nothing reaches a database through them', () => {
    expect(User.sequelize).toBeUndefined();
  });
});
