import { QueryTypes } from 'sequelize';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import { useMigratedDatabase } from './test-support/migrated-database.ts';
import { createModelFactory, type ModelFactory } from './test-support/model-factory.ts';
import { sqlDateTime } from './sql-date.ts';

describe.each(DATABASE_KINDS)('a raw date on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  let f: ModelFactory;
  beforeAll(() => {
    f = createModelFactory(database().models);
  });

  it('reads back to the millisecond and compares with what the models wrote', async () => {
    const db = database();
    const session = await f.session();
    const at = new Date('2026-11-29T05:04:35.444Z');
    await db.sequelize.query('UPDATE chat_sessions SET last_message_at = ? WHERE id = ?', {
      replacements: [sqlDateTime(db.sequelize, at), session.id],
      type: QueryTypes.UPDATE,
    });
    const { ChatSession } = db.models;
    expect((await ChatSession.findByPk(session.id))?.lastMessageAt.toISOString()).toBe(
      at.toISOString(),
    );
    expect(await ChatSession.count({ where: { id: session.id, lastMessageAt: at } })).toBe(1);
  });
});
