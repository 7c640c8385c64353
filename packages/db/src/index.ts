// Connection
export { openDatabase, type Database, type OpenDatabaseOptions } from './database.ts';
export { parseDatabaseUrl, describeTarget, type DatabaseTarget } from './database-url.ts';

// Migrations
export { createMigrator, listPendingMigrations, type Migrator } from './migrations/migrator.ts';
export type { MigrationSecretBox } from './migrations/migration-kit.ts';

// Models
export * from './models/index.ts';
/** The model base types, for code generic over models (the admin CRUD resources). */
export type { Model, ModelStatic } from 'sequelize';

// Raw queries
export { sqlDateTime } from './sql-date.ts';
export { containsText, escapeLike } from './like-pattern.ts';
export { multiRowInsert, selectRows, sqlMarks } from './raw-sql.ts';
export { inWriteTransaction, writeOne } from './write-transaction.ts';
export {
  isUniqueViolation,
  type SqlStatements,
  type WriterConnection,
} from './writer-connection.ts';
export { WriterStatementTimeout } from './writer-drivers.ts';
export { withDeadline } from './deadline.ts';
export { watchModelChanges } from './model-change-hooks.ts';
