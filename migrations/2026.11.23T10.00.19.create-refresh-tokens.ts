import {
  DataTypes,
  createdAtColumn,
  foreignKey,
  idColumn,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('refresh_tokens', {
    id: idColumn(),
    user_id: foreignKey('users', { onDelete: 'CASCADE' }),
    // Only a SHA-256 of the token is stored; a reused (rotated) token revokes its whole family.
    token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    family_id: { type: DataTypes.UUID, allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    revoked_at: { type: DataTypes.DATE(3), allowNull: true },
    replaced_by_id: { type: DataTypes.UUID, allowNull: true },
    created_at: createdAtColumn(),
  });
  await queryInterface.addIndex('refresh_tokens', ['family_id'], { name: 'refresh_tokens_family' });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('refresh_tokens');
};
