import {
  DataTypes,
  booleanColumn,
  foreignKey,
  idColumn,
  jsonColumn,
  timestampColumns,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('context_rules', {
    id: idColumn(),
    name: { type: DataTypes.STRING(255), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: true },
    is_active: booleanColumn(true),
    context_type: { type: DataTypes.STRING(50), allowNull: false },
    keywords: jsonColumn(),
    excluded_topics: jsonColumn(),
    prompt_template: { type: DataTypes.TEXT, allowNull: true },
    prompt_template_id: foreignKey('prompt_templates', { onDelete: 'SET NULL' }),
    refusal_message: { type: DataTypes.TEXT, allowNull: true },
    response_filters: jsonColumn(),
    use_knowledge_bases: booleanColumn(false),
    knowledge_base_ids: jsonColumn(),
    knowledge_threshold: { type: DataTypes.FLOAT, allowNull: true },
    history_turns: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 6 },
    preferred_model: { type: DataTypes.STRING(100), allowNull: true },
    cache_ttl_s: { type: DataTypes.INTEGER, allowNull: true },
    version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    ...timestampColumns(),
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('context_rules');
};
