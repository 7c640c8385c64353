import { DataTypes, createdAtColumn, idColumn, type MigrationFn } from '@parley/db/migration';

/**
 * Mail to send (transcripts for now), queued so a restart or an SMTP outage loses none. Without
 * `SMTP_URL` rows wait here and the admin API shows them as not sent.
 */
export const up: MigrationFn = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('email_outbox', {
    id: idColumn(),
    kind: { type: DataTypes.STRING(32), allowNull: false },
    to_address: { type: DataTypes.STRING(255), allowNull: false },
    subject: { type: DataTypes.STRING(255), allowNull: false },
    text_body: {
      type: dialect === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT,
      allowNull: false,
    },
    html_body: {
      type: dialect === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT,
      allowNull: false,
    },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    next_attempt_at: { type: DataTypes.DATE(3), allowNull: true },
    locked_until: { type: DataTypes.DATE(3), allowNull: true },
    last_error: { type: DataTypes.STRING(1000), allowNull: true },
    sent_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: createdAtColumn(),
  });
  await queryInterface.addIndex('email_outbox', ['status', 'next_attempt_at'], {
    name: 'email_outbox_due',
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('email_outbox');
};
