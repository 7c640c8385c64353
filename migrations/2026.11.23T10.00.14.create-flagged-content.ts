import {
  DataTypes,
  foreignKey,
  idColumn,
  timestampColumns,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('flagged_content', {
    id: idColumn(),
    content_id: { type: DataTypes.STRING(36), allowNull: false },
    content_type: { type: DataTypes.ENUM('message', 'user', 'attachment'), allowNull: false },
    session_id: foreignKey('chat_sessions', { onDelete: 'CASCADE', allowNull: true }),
    moderation_rule_id: foreignKey('moderation_rules', { onDelete: 'SET NULL' }),
    reason: { type: DataTypes.TEXT, allowNull: false },
    status: {
      type: DataTypes.ENUM('pending', 'approved', 'rejected'),
      allowNull: false,
      defaultValue: 'pending',
    },
    reporter_type: {
      type: DataTypes.ENUM('system', 'visitor', 'user'),
      allowNull: false,
      defaultValue: 'system',
    },
    reported_by: foreignKey('users', { onDelete: 'SET NULL' }),
    reviewed_by: foreignKey('users', { onDelete: 'SET NULL' }),
    reviewed_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await queryInterface.addIndex('flagged_content', ['status', 'created_at'], {
    name: 'flagged_content_queue',
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('flagged_content');
};
