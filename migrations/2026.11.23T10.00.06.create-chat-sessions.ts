import {
  DataTypes,
  booleanColumn,
  foreignKey,
  idColumn,
  jsonColumn,
  timestampColumns,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('chat_sessions', {
    id: idColumn(),
    widget_id: foreignKey('widget_configs', { onDelete: 'CASCADE' }),
    visitor_id: foreignKey('visitors', { onDelete: 'CASCADE' }),
    context_rule_id: foreignKey('context_rules', { onDelete: 'SET NULL' }),
    assigned_user_id: foreignKey('users', { onDelete: 'SET NULL' }),
    status: {
      type: DataTypes.ENUM('open', 'handoff', 'agent', 'closed'),
      allowNull: false,
      defaultValue: 'open',
    },
    title: { type: DataTypes.STRING(255), allowNull: true },
    last_seq: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    is_active: booleanColumn(true),
    metadata: jsonColumn(),
    ...timestampColumns(),
    last_message_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await queryInterface.addIndex('chat_sessions', ['visitor_id', 'last_message_at'], {
    name: 'chat_sessions_visitor_recent',
  });
  await queryInterface.addIndex('chat_sessions', ['widget_id', 'status', 'last_message_at'], {
    name: 'chat_sessions_inbox',
  });
  await queryInterface.addIndex('chat_sessions', ['status', 'last_message_at'], {
    name: 'chat_sessions_status_recent',
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('chat_sessions');
};
