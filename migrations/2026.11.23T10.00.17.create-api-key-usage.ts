import {
  DataTypes,
  createdAtColumn,
  foreignKey,
  idColumn,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('api_key_usage', {
    id: idColumn(),
    api_key_id: foreignKey('api_keys', { onDelete: 'SET NULL' }),
    service: { type: DataTypes.STRING(50), allowNull: false },
    endpoint: { type: DataTypes.STRING(255), allowNull: false },
    model: { type: DataTypes.STRING(100), allowNull: true },
    response_time_ms: { type: DataTypes.INTEGER, allowNull: false },
    status_code: { type: DataTypes.INTEGER, allowNull: false },
    tokens_in: { type: DataTypes.INTEGER, allowNull: true },
    tokens_out: { type: DataTypes.INTEGER, allowNull: true },
    created_at: createdAtColumn(),
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('api_key_usage');
};
