import { beforeAll, describe, expect, it } from 'vitest';
import { BelongsTo, type Model, type ModelStatic } from 'sequelize';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { Models } from './index.ts';
import { listForeignKeys } from '../test-support/foreign-keys.ts';
import { useMigratedDatabase } from '../test-support/migrated-database.ts';
import { createModelFactory, type ModelFactory } from '../test-support/model-factory.ts';

describe.each(DATABASE_KINDS)('associations on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  let f: ModelFactory;
  beforeAll(() => {
    f = createModelFactory(database().models);
  });

  it('mirror every foreign key of the migrations, with its ON DELETE', async () => {
    const fromModels: string[] = [];
    const { models } = database();
    const modelNames = Object.keys(models) as Array<keyof Models>;
    for (const model of modelNames.map((name): ModelStatic<Model> => models[name])) {
      for (const association of Object.values(model.associations)) {
        if (!(association instanceof BelongsTo)) continue;
        const column = model.getAttributes()[association.foreignKey];
        const parent = association.target.tableName;
        fromModels.push(
          `${model.tableName}.${column?.field} -> ${parent} ON DELETE ${column?.onDelete}`,
        );
      }
    }
    const fromDatabase = await listForeignKeys(database().sequelize);
    expect(fromDatabase.length).toBeGreaterThanOrEqual(25);
    expect(fromModels.sort()).toEqual(fromDatabase);
  });

  it('load a session with its widget, visitor, agent and messages in one query', async () => {
    const { ChatSession } = database().models;
    const agent = await f.user({ fullName: 'Grace Agent' });
    const { session, widget, visitor } = await f.conversation();
    await session.update({ assignedUserId: agent.id });
    await f.message({ sessionId: session.id, seq: 2, senderType: 'agent', senderId: agent.id });

    const loaded = await ChatSession.findByPk(session.id, {
      include: ['widget', 'visitor', 'assignedUser', 'messages'],
      order: [['messages', 'seq', 'ASC']],
    });
    expect(loaded?.widget?.widgetKey).toBe(widget.widgetKey);
    expect(loaded?.visitor?.id).toBe(visitor.id);
    expect(loaded?.assignedUser?.fullName).toBe('Grace Agent');
    expect(loaded?.messages?.map((m) => [m.seq, m.senderType])).toEqual([
      [1, 'visitor'],
      [2, 'agent'],
    ]);
  });
});
