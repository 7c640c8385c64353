import {
  DataTypes,
  createdAtColumn,
  foreignKey,
  idColumn,
  type MigrationFn,
} from '@parley/db/migration';

export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('user_bans', {
    id: idColumn(),
    // Bans apply to visitors (the public side); staff accounts are switched off with users.is_active.
    visitor_id: foreignKey('visitors', { onDelete: 'CASCADE', allowNull: true }),
    ip_address: { type: DataTypes.STRING(50), allowNull: true },
    reason: { type: DataTypes.TEXT, allowNull: false },
    banned_by: foreignKey('users', { onDelete: 'SET NULL' }),
    created_at: createdAtColumn(),
    expires_at: { type: DataTypes.DATE(3), allowNull: true },
  });
  await queryInterface.addIndex('user_bans', ['visitor_id'], { name: 'user_bans_visitor' });
  await queryInterface.addIndex('user_bans', ['ip_address'], { name: 'user_bans_ip' });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('user_bans');
};
