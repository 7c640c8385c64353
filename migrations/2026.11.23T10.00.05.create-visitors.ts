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
  await queryInterface.createTable('visitors', {
    id: idColumn(),
    widget_id: foreignKey('widget_configs', { onDelete: 'CASCADE' }),
    external_id: { type: DataTypes.STRING(255), allowNull: true },
    is_verified: booleanColumn(false),
    name: { type: DataTypes.STRING(255), allowNull: true },
    email: { type: DataTypes.STRING(255), allowNull: true },
    attributes: jsonColumn(),
    first_seen_at: { type: DataTypes.DATE(3), allowNull: false },
    last_seen_at: { type: DataTypes.DATE(3), allowNull: false },
    ...timestampColumns(),
  });
  // One person per external id and widget; NULLs (anonymous visitors) do not collide.
  await queryInterface.addIndex('visitors', ['widget_id', 'external_id'], {
    name: 'visitors_widget_external',
    unique: true,
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('visitors');
};
