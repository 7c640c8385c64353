import {
  DataTypes,
  booleanColumn,
  idColumn,
  jsonColumn,
  timestampColumns,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('prompt_templates', {
    id: idColumn(),
    name: { type: DataTypes.STRING(255), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: true },
    template: { type: DataTypes.TEXT, allowNull: false },
    variables: jsonColumn(),
    category: { type: DataTypes.STRING(50), allowNull: true },
    is_active: booleanColumn(true),
    ...timestampColumns(),
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('prompt_templates');
};
