import {
  DataTypes,
  createdAtColumn,
  foreignKey,
  idColumn,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('message_feedback', {
    id: idColumn(),
    message_id: foreignKey('chat_messages', { onDelete: 'CASCADE' }),
    visitor_id: foreignKey('visitors', { onDelete: 'CASCADE' }),
    rating: { type: DataTypes.ENUM('up', 'down'), allowNull: false },
    comment: { type: DataTypes.TEXT, allowNull: true },
    created_at: createdAtColumn(),
  });
  await queryInterface.addIndex('message_feedback', ['message_id', 'visitor_id'], {
    name: 'message_feedback_once',
    unique: true,
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('message_feedback');
};
