import {
  DataTypes,
  createdAtColumn,
  foreignKey,
  idColumn,
  jsonColumn,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('user_activity', {
    id: idColumn(),
    user_id: foreignKey('users', { onDelete: 'CASCADE' }),
    action: { type: DataTypes.STRING(255), allowNull: false },
    ip_address: { type: DataTypes.STRING(50), allowNull: true },
    user_agent: { type: DataTypes.TEXT, allowNull: true },
    metadata: jsonColumn(),
    created_at: createdAtColumn(),
  });
  await queryInterface.addIndex('user_activity', ['user_id', 'created_at'], {
    name: 'user_activity_user_created',
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('user_activity');
};
