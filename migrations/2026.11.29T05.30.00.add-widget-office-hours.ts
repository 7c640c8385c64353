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

/** A plain `DROP COLUMN`: Sequelize's SQLite `removeColumn` rebuilds the table and its indexes. */
export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.sequelize.query('ALTER TABLE widget_configs DROP COLUMN reply_within_hours');
  await queryInterface.sequelize.query('ALTER TABLE widget_configs DROP COLUMN office_hours');
};
