import {
  DataTypes,
  booleanColumn,
  idColumn,
  longTextColumn,
  timestampColumns,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('knowledge_base_configs', {
    id: idColumn(),
    name: { type: DataTypes.STRING(255), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: true },
    source_type: { type: DataTypes.ENUM('file', 'url', 'text'), allowNull: false },
    content: longTextColumn(dialect),
    url: { type: DataTypes.STRING(2048), allowNull: true },
    file_path: { type: DataTypes.STRING(255), allowNull: true },
    embedding_model: { type: DataTypes.STRING(50), allowNull: true },
    status: {
      type: DataTypes.ENUM('pending', 'indexing', 'ready', 'failed'),
      allowNull: false,
      defaultValue: 'pending',
    },
    status_message: { type: DataTypes.TEXT, allowNull: true },
    version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    is_active: booleanColumn(true),
    ...timestampColumns(),
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('knowledge_base_configs');
};
