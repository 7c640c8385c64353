import { DataTypes, createdAtColumn, type MigrationFn } from '@parley/db/migration';

/**
 * One row per one-time installation step, keyed by its name. Creating the first admin inserts
 * `first-admin` in the same transaction: of two setups racing, the second meets the primary key
 * (on MySQL it waits for the first to commit) instead of creating a second admin.
 */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('install_steps', {
    name: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    created_at: createdAtColumn(),
  });
  // An installation that already has an admin has done its setup.
  const [admins] = await queryInterface.sequelize.query(
    "SELECT COUNT(*) AS n FROM users WHERE role = 'admin'",
  );
  if (Number((admins as Array<{ n: number | string }>)[0]?.n ?? 0) > 0)
    await queryInterface.bulkInsert('install_steps', [
      { name: 'first-admin', created_at: new Date() },
    ]);
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('install_steps');
};
