import { DataTypes, type ModelAttributeColumnOptions, type QueryInterface } from 'sequelize';

/**
 * Encrypts and decrypts secrets at rest, for migrations that move a column into or out of its
 * encrypted form. The server passes one built on `ENCRYPTION_KEY` (the database package knows
 * nothing of keys or ciphers).
 */
export interface MigrationSecretBox {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

/** What every migration receives. */
export interface MigrationContext {
  queryInterface: QueryInterface;
  dialect: 'mysql' | 'sqlite';
  /** Absent when no encryption key is configured; a migration that needs it says so. */
  secretBox?: MigrationSecretBox;
}

export type MigrationFn = (params: { context: MigrationContext }) => Promise<void>;

/** A UUID primary key stored as CHAR(36), the same on MySQL and SQLite. */
export function idColumn(): ModelAttributeColumnOptions {
  return { type: DataTypes.UUID, primaryKey: true, allowNull: false };
}

/** A foreign key to `table.id`; `onDelete` says what happens to this row when the parent goes. */
export function foreignKey(
  table: string,
  options: { onDelete: 'CASCADE' | 'SET NULL'; allowNull?: boolean },
): ModelAttributeColumnOptions {
  return {
    type: DataTypes.UUID,
    allowNull: options.allowNull ?? options.onDelete === 'SET NULL',
    references: { model: table, key: 'id' },
    onDelete: options.onDelete,
    onUpdate: 'CASCADE',
  };
}

/** Timestamps are set by the models, not by column defaults, so both dialects behave alike. */
export function createdAtColumn(): ModelAttributeColumnOptions {
  return { type: DataTypes.DATE(3), allowNull: false };
}

/** `created_at` and `updated_at`, millisecond precision so ordering by time is stable. */
export function timestampColumns(): Record<
  'created_at' | 'updated_at',
  ModelAttributeColumnOptions
> {
  return { created_at: createdAtColumn(), updated_at: createdAtColumn() };
}

export function booleanColumn(defaultValue: boolean): ModelAttributeColumnOptions {
  return { type: DataTypes.BOOLEAN, allowNull: false, defaultValue };
}

export function jsonColumn(): ModelAttributeColumnOptions {
  return { type: DataTypes.JSON, allowNull: true };
}

/** Up to 4 GB on MySQL (LONGTEXT); SQLite's TEXT has no size classes. */
export function longTextColumn(dialect: MigrationContext['dialect']): ModelAttributeColumnOptions {
  return { type: dialect === 'mysql' ? DataTypes.TEXT('long') : DataTypes.TEXT, allowNull: true };
}

export { DataTypes };
