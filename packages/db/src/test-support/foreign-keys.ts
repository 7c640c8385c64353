import { QueryTypes, type Sequelize } from 'sequelize';

/** `table.column -> referenced_table ON DELETE rule`, one line per foreign key, sorted. */
export async function listForeignKeys(sequelize: Sequelize): Promise<string[]> {
  const rows =
    sequelize.getDialect() === 'sqlite'
      ? await sqliteForeignKeys(sequelize)
      : await mysqlForeignKeys(sequelize);
  return rows
    .map((r) => `${r.table}.${r.column} -> ${r.referenced} ON DELETE ${r.onDelete}`)
    .sort();
}

interface ForeignKeyRow {
  table: string;
  column: string;
  referenced: string;
  onDelete: string;
}

async function mysqlForeignKeys(sequelize: Sequelize): Promise<ForeignKeyRow[]> {
  return sequelize.query<ForeignKeyRow>(
    `SELECT k.TABLE_NAME AS \`table\`, k.COLUMN_NAME AS \`column\`,
            k.REFERENCED_TABLE_NAME AS referenced, r.DELETE_RULE AS onDelete
       FROM information_schema.KEY_COLUMN_USAGE k
       JOIN information_schema.REFERENTIAL_CONSTRAINTS r
         ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
      WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL`,
    { type: QueryTypes.SELECT },
  );
}

async function sqliteForeignKeys(sequelize: Sequelize): Promise<ForeignKeyRow[]> {
  const tables = await sequelize.query<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    { type: QueryTypes.SELECT },
  );
  const rows: ForeignKeyRow[] = [];
  for (const { name } of tables) {
    const keys = await sequelize.query<{ table: string; from: string; on_delete: string }>(
      `PRAGMA foreign_key_list(\`${name}\`)`,
      { type: QueryTypes.SELECT },
    );
    for (const key of keys) {
      rows.push({ table: name, column: key.from, referenced: key.table, onDelete: key.on_delete });
    }
  }
  return rows;
}
