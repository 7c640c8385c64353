import { DataTypes, idColumn, timestampColumns, type MigrationFn } from '@parley/db/migration';

/**
 * Model prices set by admins (USD per million tokens), over the built-in list and
 * `AI_MODEL_PRICES`; `estimated_cost` is computed with them.
 */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('model_prices', {
    id: idColumn(),
    model: { type: DataTypes.STRING(100), allowNull: false, unique: true },
    input_per_million: { type: DataTypes.DECIMAL(12, 6), allowNull: false },
    output_per_million: { type: DataTypes.DECIMAL(12, 6), allowNull: false },
    ...timestampColumns(),
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('model_prices');
};
