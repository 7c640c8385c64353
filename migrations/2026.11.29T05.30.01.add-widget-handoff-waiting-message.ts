import { DataTypes, type MigrationFn } from '@parley/db/migration';

/**
 * What the widget says, once, when a visitor asks for a person (`null`: the assistant stays
 * quiet while the person is awaited, as before).
 */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.addColumn('widget_configs', 'handoff_waiting_message', {
    type: DataTypes.TEXT,
    allowNull: true,
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.removeColumn('widget_configs', 'handoff_waiting_message');
};
