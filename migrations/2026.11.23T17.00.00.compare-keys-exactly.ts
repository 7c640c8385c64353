import type { MigrationFn } from '@parley/db/migration';

/**
 * Keys and external ids are compared byte for byte. Under MySQL's default `_ci` collations
 * `Alice`, `alice` and `alice ` are one value, which would merge two people identified by a site
 * into one visitor and let one read the other's history. SQLite already compares exactly.
 */
const EXACT_COLUMNS = [
  { table: 'visitors', column: 'external_id', type: 'VARCHAR(255)', isNullable: true },
  { table: 'widget_configs', column: 'widget_key', type: 'VARCHAR(64)', isNullable: false },
  { table: 'ai_response_cache', column: 'cache_key', type: 'VARCHAR(255)', isNullable: false },
  { table: 'refresh_tokens', column: 'token_hash', type: 'VARCHAR(64)', isNullable: false },
  { table: 'chat_messages', column: 'client_id', type: 'VARCHAR(64)', isNullable: true },
] as const;

type QueryInterface = Parameters<MigrationFn>[0]['context']['queryInterface'];

/** `null` collation means the table's own default, which is what the columns had before. */
async function setCollation(
  queryInterface: QueryInterface,
  collation: string | null,
): Promise<void> {
  for (const { table, column, type, isNullable } of EXACT_COLUMNS) {
    const target = collation ?? (await tableCollation(queryInterface, table));
    await queryInterface.sequelize.query(
      `ALTER TABLE \`${table}\` MODIFY \`${column}\` ${type} CHARACTER SET utf8mb4 COLLATE ${target} ${isNullable ? 'NULL' : 'NOT NULL'}`,
    );
  }
}

async function tableCollation(queryInterface: QueryInterface, table: string): Promise<string> {
  const [rows] = await queryInterface.sequelize.query(
    'SELECT TABLE_COLLATION AS collation FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    { replacements: [table] },
  );
  const collation = (rows as Array<{ collation: string }>)[0]?.collation;
  if (!collation || !/^[a-z0-9_]+$/.test(collation))
    throw new Error(`Unknown collation of ${table}`);
  return collation;
}

/** A binary collation without PAD SPACE: MariaDB's `nopad_bin`, MySQL 8's `0900_bin`. */
async function exactCollation(queryInterface: QueryInterface): Promise<string> {
  for (const candidate of ['utf8mb4_nopad_bin', 'utf8mb4_0900_bin']) {
    const [rows] = await queryInterface.sequelize.query(`SHOW COLLATION LIKE '${candidate}'`);
    if (rows.length > 0) return candidate;
  }
  return 'utf8mb4_bin';
}

export const up: MigrationFn = async ({ context: { queryInterface, dialect } }) => {
  if (dialect === 'mysql') await setCollation(queryInterface, await exactCollation(queryInterface));
};

export const down: MigrationFn = async ({ context: { queryInterface, dialect } }) => {
  if (dialect === 'mysql') await setCollation(queryInterface, null);
};
