import type { Sequelize } from 'sequelize';

/**
 * A comparable description of every table: columns, indexes and foreign keys, sorted so that
 * two snapshots of the same schema are deeply equal whatever order the engine lists them in.
 */
export async function snapshotSchema(sequelize: Sequelize): Promise<Record<string, unknown>> {
  const queryInterface = sequelize.getQueryInterface();
  const tables = (await queryInterface.showAllTables()).map(String).sort();
  const snapshot: Record<string, unknown> = {};
  for (const table of tables) {
    if (table === 'SequelizeMeta') continue;
    const columns = await queryInterface.describeTable(table);
    const indexes = (await queryInterface.showIndex(table)) as Array<{
      name: string;
      unique: boolean;
      fields: Array<{ attribute: string }>;
    }>;
    const foreignKeys = (await queryInterface.getForeignKeyReferencesForTable(table)) as Array<{
      columnName: string;
      referencedTableName: string;
    }>;
    snapshot[table] = {
      columns,
      indexes: indexes
        .map((index) => ({
          name: index.name,
          unique: index.unique,
          fields: index.fields.map((field) => field.attribute),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      foreignKeys: foreignKeys.map((fk) => `${fk.columnName}->${fk.referencedTableName}`).sort(),
    };
  }
  return snapshot;
}
