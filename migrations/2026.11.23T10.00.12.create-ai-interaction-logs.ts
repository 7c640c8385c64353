import {
  DataTypes,
  booleanColumn,
  createdAtColumn,
  foreignKey,
  idColumn,
  jsonColumn,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('ai_interaction_logs', {
    id: idColumn(),
    visitor_id: foreignKey('visitors', { onDelete: 'SET NULL' }),
    session_id: foreignKey('chat_sessions', { onDelete: 'SET NULL' }),
    message_id: { type: DataTypes.STRING(36), allowNull: true },
    query: { type: DataTypes.TEXT, allowNull: false },
    response: { type: DataTypes.TEXT, allowNull: false },
    model_used: { type: DataTypes.STRING(100), allowNull: false },
    context_rule_id: foreignKey('context_rules', { onDelete: 'SET NULL' }),
    decision: { type: DataTypes.ENUM('answered', 'refused', 'failed'), allowNull: false },
    refusal_reason: { type: DataTypes.STRING(255), allowNull: true },
    cache_hit: booleanColumn(false),
    fallback_used: booleanColumn(false),
    knowledge_base_results: { type: DataTypes.INTEGER, allowNull: true },
    knowledge_base_ids: { type: DataTypes.TEXT, allowNull: true },
    latency_first_token_ms: { type: DataTypes.INTEGER, allowNull: true },
    latency_total_ms: { type: DataTypes.INTEGER, allowNull: true },
    tokens_in: { type: DataTypes.INTEGER, allowNull: true },
    tokens_out: { type: DataTypes.INTEGER, allowNull: true },
    estimated_cost: { type: DataTypes.DECIMAL(12, 6), allowNull: true },
    metadata: jsonColumn(),
    created_at: createdAtColumn(),
  });
  await queryInterface.addIndex('ai_interaction_logs', ['created_at'], {
    name: 'ai_interaction_logs_created',
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('ai_interaction_logs');
};
