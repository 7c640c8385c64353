import {
  DataTypes,
  foreignKey,
  idColumn,
  jsonColumn,
  timestampColumns,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('ai_response_cache', {
    id: idColumn(),
    cache_key: { type: DataTypes.STRING(255), allowNull: false, unique: true },
    query: { type: DataTypes.TEXT, allowNull: false },
    response: { type: DataTypes.TEXT, allowNull: false },
    model_used: { type: DataTypes.STRING(100), allowNull: false },
    context_rule_id: foreignKey('context_rules', { onDelete: 'CASCADE', allowNull: true }),
    hit_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    last_hit_at: { type: DataTypes.DATE(3), allowNull: true },
    metadata: jsonColumn(),
    ...timestampColumns(),
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await queryInterface.addIndex('ai_response_cache', ['expires_at'], {
    name: 'ai_response_cache_expiry',
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('ai_response_cache');
};
