// Connection
export { openDatabase, type Database, type OpenDatabaseOptions } from './database.ts';
export { parseDatabaseUrl, describeTarget, type DatabaseTarget } from './database-url.ts';

// Migrations
export { createMigrator, listPendingMigrations, type Migrator } from './migrations/migrator.ts';
export type { MigrationSecretBox } from './migrations/migration-kit.ts';

// Models
export * from './models/index.ts';

// Raw queries
export { sqlDateTime } from './sql-date.ts';
