import {
  DataTypes,
  booleanColumn,
  createdAtColumn,
  idColumn,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('api_keys', {
    id: idColumn(),
    service: { type: DataTypes.STRING(50), allowNull: false },
    name: { type: DataTypes.STRING(255), allowNull: true },
    base_url: { type: DataTypes.STRING(2048), allowNull: true },
    // Encrypted at rest (see the provider-keys service); never returned by the API.
    key_value: { type: DataTypes.TEXT, allowNull: false },
    key_hint: { type: DataTypes.STRING(16), allowNull: true },
    is_active: booleanColumn(true),
    expires_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: createdAtColumn(),
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('api_keys');
};
