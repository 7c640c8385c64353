import { beforeAll, describe, expect, it } from 'vitest';
import { DataTypes, type Model, type ModelStatic } from 'sequelize';
import { DATABASE_KINDS } from '@parley/test-kit';
import { CRUD_CASES } from '../test-support/crud-cases.ts';
import { useMigratedDatabase } from '../test-support/migrated-database.ts';
import { createModelFactory, type ModelFactory } from '../test-support/model-factory.ts';

const GENERATED = ['id', 'createdAt', 'updatedAt'];

function attributeNames(
  model: ModelStatic<Model>,
  which: (a: { allowNull?: boolean; defaultValue?: unknown }) => boolean,
): string[] {
  return Object.entries(model.getAttributes())
    .filter(([name, attribute]) => !GENERATED.includes(name) && which(attribute))
    .map(([name]) => name)
    .sort();
}

const isOptional = (a: { allowNull?: boolean; defaultValue?: unknown }): boolean =>
  a.allowNull !== false || a.defaultValue !== undefined;

describe.each(DATABASE_KINDS)('every model on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  let factory: ModelFactory;
  beforeAll(() => {
    factory = createModelFactory(database().models);
  });

  describe.each(CRUD_CASES)('$table', ({ table, model, full, patch }) => {
    it('maps to its table, and the case sets every column', async () => {
      const Model = model(database().models);
      expect(Model.getTableName()).toBe(table);
      const written = await full(factory);
      expect(Object.keys(written).sort()).toEqual(attributeNames(Model, () => true));
    });

    it('reads back every field as written, dates as Date', async () => {
      const Model = model(database().models);
      const written = await full(factory);
      const created = await Model.create(written);
      const found = await Model.findByPk(created.get('id') as string);
      expect(found).not.toBeNull();
      const plain = found!.get({ plain: true }) as Record<string, unknown>;
      expect(plain).toMatchObject(written);
      expect(plain).toEqual(created.get({ plain: true }));
      for (const [name, attribute] of Object.entries(Model.getAttributes())) {
        if (attribute.type instanceof DataTypes.DATE) {
          expect(plain[name], `${name} is a Date`).toBeInstanceOf(Date);
        }
      }
    });

    it('creates with only the required fields; defaults and nulls read back as created', async () => {
      const Model = model(database().models);
      const written = await full(factory);
      for (const name of attributeNames(Model, isOptional)) delete written[name];
      const created = await Model.create(written);
      const found = await Model.findByPk(created.get('id') as string);
      expect(found?.get({ plain: true })).toEqual(created.get({ plain: true }));
      for (const name of attributeNames(
        Model,
        (a) => a.allowNull !== false && a.defaultValue === null,
      )) {
        expect(found?.get(name), `${name} defaults to null`).toBeNull();
      }
    });

    it('updates the patched fields only, then deletes the row', async () => {
      const Model = model(database().models);
      const created = await Model.create(await full(factory));
      const before = created.get({ plain: true }) as Record<string, unknown>;
      await created.update(patch);
      const id = created.get('id') as string;
      const reread = await Model.findByPk(id);
      const expected = { ...before, ...patch };
      if ('updatedAt' in before) expected.updatedAt = created.get('updatedAt');
      expect(reread?.get({ plain: true })).toEqual(expected);

      await reread!.destroy();
      expect(await Model.findByPk(id)).toBeNull();
    });
  });
});
