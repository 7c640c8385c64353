import { DataTypes, type MigrationFn } from '@parley/db/migration';

/**
 * Access tokens carry the user's `token_version`; disabling, demoting or changing the password of
 * a user raises it, so every access token issued before the change is refused at once (not only
 * when it expires).
 */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.addColumn('users', 'token_version', {
    type: DataTypes.INTEGER,
    allowNull: false,
    defaultValue: 0,
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.removeColumn('users', 'token_version');
};
