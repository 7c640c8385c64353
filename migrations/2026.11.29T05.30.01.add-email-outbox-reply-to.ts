import { DataTypes, type MigrationFn } from '@parley/db/migration';

/**
 * Mail to a visitor carries `Reply-To: reply+<conversation token>@…`, so their answer by email
 * comes back into the same conversation.
 */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.addColumn('email_outbox', 'reply_to', {
    type: DataTypes.STRING(255),
    allowNull: true,
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.removeColumn('email_outbox', 'reply_to');
};
