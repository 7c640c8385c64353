import {
  DataTypes,
  booleanColumn,
  idColumn,
  timestampColumns,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('moderation_rules', {
    id: idColumn(),
    name: { type: DataTypes.STRING(255), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: true },
    pattern: { type: DataTypes.TEXT, allowNull: false },
    is_regex: booleanColumn(false),
    action: {
      type: DataTypes.ENUM('flag', 'block', 'replace'),
      allowNull: false,
      defaultValue: 'flag',
    },
    replacement: { type: DataTypes.TEXT, allowNull: true },
    is_active: booleanColumn(true),
    ...timestampColumns(),
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('moderation_rules');
};
