import {
  DataTypes,
  booleanColumn,
  createdAtColumn,
  foreignKey,
  idColumn,
  jsonColumn,
  longTextColumn,
  timestampColumns,
  type MigrationFn,
} from '@parley/db/migration';

/**
 * Webhook subscriptions and their outbox. A delivery row is written when the event happens and
 * kept as the delivery log; the sender works from the rows, so a restart loses nothing.
 */
export const up: MigrationFn = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('webhooks', {
    id: idColumn(),
    url: { type: DataTypes.STRING(2048), allowNull: false },
    events: jsonColumn(),
    description: { type: DataTypes.STRING(255), allowNull: true },
    // Needed in clear to sign; never returned after creation.
    secret: { type: DataTypes.STRING(128), allowNull: false },
    is_active: booleanColumn(true),
    consecutive_failures: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    disabled_reason: { type: DataTypes.STRING(255), allowNull: true },
    created_by: foreignKey('users', { onDelete: 'SET NULL' }),
    ...timestampColumns(),
  });
  await queryInterface.createTable('webhook_deliveries', {
    id: idColumn(),
    webhook_id: foreignKey('webhooks', { onDelete: 'CASCADE' }),
    event: { type: DataTypes.STRING(64), allowNull: false },
    // Deliveries with the same key (a conversation id) go out one at a time, in `position` order.
    ordering_key: { type: DataTypes.STRING(64), allowNull: true },
    position: { type: DataTypes.DOUBLE, allowNull: false },
    // The exact body that is signed and sent on every attempt.
    payload: { ...longTextColumn(dialect), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    next_attempt_at: { type: DataTypes.DATE(3), allowNull: true },
    locked_until: { type: DataTypes.DATE(3), allowNull: true },
    last_attempt_at: { type: DataTypes.DATE(3), allowNull: true },
    delivered_at: { type: DataTypes.DATE(3), allowNull: true },
    response_status: { type: DataTypes.INTEGER, allowNull: true },
    response_body: { type: DataTypes.TEXT, allowNull: true },
    error: { type: DataTypes.STRING(1000), allowNull: true },
    created_at: createdAtColumn(),
  });
  await queryInterface.addIndex('webhook_deliveries', ['status', 'next_attempt_at'], {
    name: 'webhook_deliveries_due',
  });
  await queryInterface.addIndex('webhook_deliveries', ['webhook_id', 'ordering_key', 'position'], {
    name: 'webhook_deliveries_order',
  });
  await queryInterface.addIndex('webhook_deliveries', ['webhook_id', 'created_at'], {
    name: 'webhook_deliveries_log',
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('webhook_deliveries');
  await queryInterface.dropTable('webhooks');
};
