import {
  DataTypes,
  createdAtColumn,
  foreignKey,
  idColumn,
  jsonColumn,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('chat_messages', {
    id: idColumn(),
    session_id: foreignKey('chat_sessions', { onDelete: 'CASCADE' }),
    seq: { type: DataTypes.INTEGER, allowNull: false },
    client_id: { type: DataTypes.STRING(64), allowNull: true },
    sender_type: { type: DataTypes.ENUM('visitor', 'ai', 'agent', 'system'), allowNull: false },
    sender_id: { type: DataTypes.STRING(36), allowNull: true },
    content: { type: DataTypes.TEXT, allowNull: false },
    metadata: jsonColumn(),
    status: {
      type: DataTypes.ENUM('pending', 'delivered', 'read', 'moderated'),
      allowNull: false,
      defaultValue: 'delivered',
    },
    created_at: createdAtColumn(),
  });
  // seq is gapless per session; the unique index is the last line of defence against a repeat.
  await queryInterface.addIndex('chat_messages', ['session_id', 'seq'], {
    name: 'chat_messages_session_seq',
    unique: true,
  });
  await queryInterface.addIndex('chat_messages', ['session_id', 'client_id'], {
    name: 'chat_messages_session_client',
    unique: true,
  });
  await queryInterface.addIndex('chat_messages', ['created_at'], { name: 'chat_messages_created' });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('chat_messages');
};
