import {
  DataTypes,
  foreignKey,
  idColumn,
  timestampColumns,
  type MigrationFn,
} from '@parley/db/migration';

/**
 * How far each staff user has read each conversation, so unread counts survive a reload and
 * follow the agent to another browser.
 */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('conversation_reads', {
    id: idColumn(),
    user_id: foreignKey('users', { onDelete: 'CASCADE' }),
    session_id: foreignKey('chat_sessions', { onDelete: 'CASCADE' }),
    last_read_seq: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    ...timestampColumns(),
  });
  await queryInterface.addIndex('conversation_reads', ['user_id', 'session_id'], {
    name: 'conversation_reads_user_session',
    unique: true,
  });
  await queryInterface.addIndex('conversation_reads', ['session_id'], {
    name: 'conversation_reads_session',
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('conversation_reads');
};
