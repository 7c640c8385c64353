import { jsonColumn, type MigrationFn } from '@parley/db/migration';

/**
 * Provider profiles: a stored provider key (`api_keys`: base URL, encrypted key) names the models
 * it serves, and a widget or a context rule names the profiles to use, in order, as a fallback
 * chain (the next profile answers when one fails before its first token).
 */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.addColumn('api_keys', 'models', jsonColumn());
  await queryInterface.addColumn('widget_configs', 'provider_key_ids', jsonColumn());
  await queryInterface.addColumn('context_rules', 'provider_key_ids', jsonColumn());
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.removeColumn('context_rules', 'provider_key_ids');
  await queryInterface.removeColumn('widget_configs', 'provider_key_ids');
  await queryInterface.removeColumn('api_keys', 'models');
};
