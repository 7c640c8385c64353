import { DataTypes, type MigrationFn } from '@parley/db/migration';

/**
 * Mail to visitors who left: `reply_to` carries a conversation's signed reply address,
 * `unsubscribe_url` the `List-Unsubscribe` link, `session_id` lets replies sent in a burst share
 * one mail. A visitor's address is used only once they confirmed it (`email_confirmed_at`) and
 * until they unsubscribe (`email_opted_out_at`).
 */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.addColumn('email_outbox', 'reply_to', {
    type: DataTypes.STRING(255),
    allowNull: true,
  });
  await queryInterface.addColumn('email_outbox', 'unsubscribe_url', {
    type: DataTypes.STRING(1000),
    allowNull: true,
  });
  await queryInterface.addColumn('email_outbox', 'session_id', {
    type: DataTypes.STRING(36),
    allowNull: true,
  });
  await queryInterface.addIndex('email_outbox', ['session_id', 'status'], {
    name: 'email_outbox_session',
  });
  await queryInterface.addColumn('visitors', 'email_confirmed_at', {
    type: DataTypes.DATE(3),
    allowNull: true,
  });
  await queryInterface.addColumn('visitors', 'email_opted_out_at', {
    type: DataTypes.DATE(3),
    allowNull: true,
  });
};

/**
 * A plain `DROP COLUMN` (SQLite 3.35+, MySQL): Sequelize's SQLite `removeColumn` rebuilds the
 * table, which renames its unique indexes and leaves a schema unlike a fresh install's.
 */
export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  const drop = (table: string, column: string) =>
    queryInterface.sequelize.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
  await drop('visitors', 'email_opted_out_at');
  await drop('visitors', 'email_confirmed_at');
  await queryInterface.removeIndex('email_outbox', 'email_outbox_session');
  await drop('email_outbox', 'session_id');
  await drop('email_outbox', 'unsubscribe_url');
  await drop('email_outbox', 'reply_to');
};
