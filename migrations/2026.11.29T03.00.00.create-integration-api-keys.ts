import {
  DataTypes,
  createdAtColumn,
  foreignKey,
  idColumn,
  jsonColumn,
  type MigrationFn,
} from '@parley/db/migration';

/**
 * Long-lived keys other systems call the REST API with (`api_keys` holds the AI provider keys).
 * Only a SHA-256 digest is stored: the keys are 256 random bits, so a slow hash adds nothing.
 */
export const up: MigrationFn = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('integration_api_keys', {
    id: idColumn(),
    name: { type: DataTypes.STRING(100), allowNull: false },
    key_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    key_prefix: { type: DataTypes.STRING(16), allowNull: false },
    scopes: jsonColumn(),
    created_by: foreignKey('users', { onDelete: 'SET NULL' }),
    last_used_at: { type: DataTypes.DATE(3), allowNull: true },
    revoked_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: createdAtColumn(),
  });
  // Compared byte for byte, as refresh_tokens.token_hash (see compare-keys-exactly).
  if (dialect === 'mysql')
    await queryInterface.sequelize.query(
      'ALTER TABLE `integration_api_keys` MODIFY `key_hash` VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL',
    );
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('integration_api_keys');
};
