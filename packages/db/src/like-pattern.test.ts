import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import { useMigratedDatabase } from './test-support/migrated-database.ts';
import { createModelFactory, type ModelFactory } from './test-support/model-factory.ts';
import { containsText } from './like-pattern.ts';

const CONTENTS = ['a 100% refund', 'a 1000 refund', 'a_b', 'axb', 'back\\slash', 'wow!', 'Wow'];

describe.each(DATABASE_KINDS)('containsText on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  let f: ModelFactory;
  let sessionId: string;
  beforeAll(async () => {
    f = createModelFactory(database().models);
    sessionId = (await f.session()).id;
    for (const content of CONTENTS) await f.message({ sessionId, content });
  });

  const matches = async (text: string) => {
    const rows = await database().models.ChatMessage.findAll({
      where: { sessionId, content: containsText(database().sequelize, text) },
    });
    return rows.map((row) => row.content).sort();
  };

  it('finds % and _ as typed, never as wildcards', async () => {
    expect(await matches('100%')).toEqual(['a 100% refund']);
    expect(await matches('a_b')).toEqual(['a_b']);
    expect(await matches('%')).toEqual(['a 100% refund']);
    expect(await matches('_')).toEqual(['a_b']);
  });

  it('finds the escape character and a backslash as typed', async () => {
    expect(await matches('!')).toEqual(['wow!']);
    expect(await matches('k\\s')).toEqual(['back\\slash']);
    expect(await matches("'")).toEqual([]);
  });

  it('still matches a plain word anywhere, in any ASCII case', async () => {
    expect(await matches('REFUND')).toEqual(['a 100% refund', 'a 1000 refund']);
    expect(await matches('wow')).toEqual(['Wow', 'wow!']);
  });
});
