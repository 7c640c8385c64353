import {
  DataTypes,
  booleanColumn,
  idColumn,
  timestampColumns,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('users', {
    id: idColumn(),
    email: { type: DataTypes.STRING(255), allowNull: false, unique: true },
    full_name: { type: DataTypes.STRING(255), allowNull: false },
    password_hash: { type: DataTypes.STRING(255), allowNull: true },
    role: { type: DataTypes.STRING(50), allowNull: false, defaultValue: 'agent' },
    is_active: booleanColumn(true),
    avatar_url: { type: DataTypes.STRING(255), allowNull: true },
    last_login_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('users');
};
