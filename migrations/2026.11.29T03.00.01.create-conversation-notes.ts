import {
  DataTypes,
  createdAtColumn,
  foreignKey,
  idColumn,
  type MigrationFn,
} from '@parley/db/migration';

/**
 * Private notes staff leave on a conversation. A table of their own, apart from
 * `chat_messages`, so no path that serves a visitor's history can ever include them.
 */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('conversation_notes', {
    id: idColumn(),
    session_id: foreignKey('chat_sessions', { onDelete: 'CASCADE' }),
    user_id: foreignKey('users', { onDelete: 'SET NULL' }),
    content: { type: DataTypes.TEXT, allowNull: false },
    created_at: createdAtColumn(),
  });
  await queryInterface.addIndex('conversation_notes', ['session_id', 'created_at'], {
    name: 'conversation_notes_session_time',
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('conversation_notes');
};
