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
  await queryInterface.createTable('widget_configs', {
    id: idColumn(),
    widget_key: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    name: { type: DataTypes.STRING(255), allowNull: false },
    allowed_origins: jsonColumn(),
    initially_open: booleanColumn(false),
    context_mode: {
      type: DataTypes.ENUM('restricted', 'open', 'custom'),
      allowNull: false,
      defaultValue: 'restricted',
    },
    context_name: {
      type: DataTypes.STRING(255),
      allowNull: false,
      defaultValue: 'Website Assistance',
    },
    context_rule_id: foreignKey('context_rules', { onDelete: 'SET NULL' }),
    context_routes: jsonColumn(),
    title: { type: DataTypes.STRING(255), allowNull: false, defaultValue: 'Chat Widget' },
    primary_color: { type: DataTypes.STRING(50), allowNull: false, defaultValue: '#4f46e5' },
    position: {
      type: DataTypes.ENUM('bottom-right', 'bottom-left', 'top-right', 'top-left'),
      allowNull: false,
      defaultValue: 'bottom-right',
    },
    greeting: { type: DataTypes.TEXT, allowNull: true },
    placeholder: { type: DataTypes.STRING(255), allowNull: true },
    locale: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'en' },
    theme: {
      type: DataTypes.ENUM('auto', 'light', 'dark'),
      allowNull: false,
      defaultValue: 'auto',
    },
    z_index: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 2147483000 },
    identity_secret: { type: DataTypes.STRING(128), allowNull: true },
    handoff_enabled: booleanColumn(true),
    cache_ttl_s: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 86400 },
    show_on_mobile: booleanColumn(true),
    is_active: booleanColumn(true),
    is_default: booleanColumn(false),
    ...timestampColumns(),
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('widget_configs');
};
