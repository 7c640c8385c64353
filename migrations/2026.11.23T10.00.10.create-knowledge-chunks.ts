import {
  DataTypes,
  createdAtColumn,
  foreignKey,
  idColumn,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('knowledge_chunks', {
    id: idColumn(),
    knowledge_base_id: foreignKey('knowledge_base_configs', { onDelete: 'CASCADE' }),
    position: { type: DataTypes.INTEGER, allowNull: false },
    title: { type: DataTypes.STRING(512), allowNull: true },
    url: { type: DataTypes.STRING(2048), allowNull: true },
    content: { type: DataTypes.TEXT, allowNull: false },
    created_at: createdAtColumn(),
  });
  await queryInterface.addIndex('knowledge_chunks', ['knowledge_base_id', 'position'], {
    name: 'knowledge_chunks_order',
    unique: true,
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('knowledge_chunks');
};
