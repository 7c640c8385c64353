import {
  DataTypes,
  booleanColumn,
  createdAtColumn,
  foreignKey,
  idColumn,
  jsonColumn,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('notifications', {
    id: idColumn(),
    user_id: foreignKey('users', { onDelete: 'CASCADE' }),
    title: { type: DataTypes.STRING(255), allowNull: false },
    message: { type: DataTypes.TEXT, allowNull: false },
    type: { type: DataTypes.STRING(50), allowNull: false, defaultValue: 'info' },
    read: booleanColumn(false),
    metadata: jsonColumn(),
    created_at: createdAtColumn(),
  });
  await queryInterface.addIndex('notifications', ['user_id', 'read'], {
    name: 'notifications_user_unread',
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('notifications');
};
