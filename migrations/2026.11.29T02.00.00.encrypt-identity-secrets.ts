import type { MigrationContext, MigrationFn } from '@parley/db/migration';

/**
 * Widget identity secrets (the HMAC key of `identify`) are encrypted at rest like provider keys
 * (`v1:<iv>:<tag>:<ciphertext>`, longer than the old 128-character column). Rows already in the
 * encrypted form are left alone, so a half-finished run can simply be repeated.
 */
const ENCRYPTED = /^v1:/;

type Row = { id: string; identity_secret: string };

async function secretRows(context: MigrationContext): Promise<Row[]> {
  const [rows] = await context.queryInterface.sequelize.query(
    'SELECT id, identity_secret FROM widget_configs WHERE identity_secret IS NOT NULL',
  );
  return rows as Row[];
}

async function rewrite(context: MigrationContext, rows: Row[], change: (value: string) => string) {
  for (const row of rows)
    await context.queryInterface.sequelize.query(
      'UPDATE widget_configs SET identity_secret = ? WHERE id = ?',
      { replacements: [change(row.identity_secret), row.id] },
    );
}

function requireBox(context: MigrationContext) {
  if (!context.secretBox)
    throw new Error(
      'widget identity secrets must be encrypted: set ENCRYPTION_KEY (64 hex characters) and migrate again',
    );
  return context.secretBox;
}

export const up: MigrationFn = async ({ context }) => {
  // SQLite does not enforce VARCHAR lengths; rebuilding its table would gain nothing.
  if (context.dialect === 'mysql')
    await context.queryInterface.sequelize.query(
      'ALTER TABLE `widget_configs` MODIFY `identity_secret` VARCHAR(512) NULL',
    );
  const plain = (await secretRows(context)).filter((row) => !ENCRYPTED.test(row.identity_secret));
  if (plain.length === 0) return;
  const box = requireBox(context);
  await rewrite(context, plain, (value) => box.encrypt(value));
};

export const down: MigrationFn = async ({ context }) => {
  const encrypted = (await secretRows(context)).filter((row) =>
    ENCRYPTED.test(row.identity_secret),
  );
  if (encrypted.length > 0) {
    const box = requireBox(context);
    await rewrite(context, encrypted, (value) => box.decrypt(value));
  }
  if (context.dialect === 'mysql')
    await context.queryInterface.sequelize.query(
      'ALTER TABLE `widget_configs` MODIFY `identity_secret` VARCHAR(128) NULL',
    );
};
