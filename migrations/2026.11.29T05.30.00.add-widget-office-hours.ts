import { DataTypes, jsonColumn, type MigrationFn } from '@parley/db/migration';

/**
 * When a widget's team answers (weekly openings in a time zone, holidays) and what it promises
 * when nobody is online, so the widget can say "we reply within N hours" or "we're away until 9:00".
 */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.addColumn('widget_configs', 'office_hours', jsonColumn());
  await queryInterface.addColumn('widget_configs', 'reply_within_hours', {
    type: DataTypes.INTEGER,
    allowNull: true,
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.removeColumn('widget_configs', 'reply_within_hours');
  await queryInterface.removeColumn('widget_configs', 'office_hours');
};
