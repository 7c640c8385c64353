import { DataTypes, createdAtColumn, idColumn, type MigrationFn } from '@parley/db/migration';

// Dense vectors of knowledge passages, keyed by what was embedded (a hash of the passage's
// heading and text) and the embedding model, not by chunk: re-indexing recreates the chunks,
// and only passages whose text changed need a new vector.
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('knowledge_embeddings', {
    id: idColumn(),
    content_hash: { type: DataTypes.CHAR(64), allowNull: false },
    model: { type: DataTypes.STRING(200), allowNull: false },
    dimensions: { type: DataTypes.INTEGER, allowNull: false },
    vector: { type: DataTypes.TEXT, allowNull: false },
    created_at: createdAtColumn(),
  });
  await queryInterface.addIndex('knowledge_embeddings', ['content_hash', 'model'], {
    name: 'knowledge_embeddings_passage',
    unique: true,
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('knowledge_embeddings');
};
