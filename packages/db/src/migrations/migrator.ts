import { fileURLToPath } from 'node:url';
import type { Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import type { MigrationContext, MigrationFn, MigrationSecretBox } from './migration-kit.ts';

/** The repository's `migrations/` folder, next to `packages/`. */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(
  new URL('../../../../migrations', import.meta.url),
);

export type Migrator = Umzug<MigrationContext>;

interface MigrationModule {
  up: MigrationFn;
  down: MigrationFn;
}

/**
 * The umzug runner over `migrations/*.ts`, recording what ran in the `SequelizeMeta` table.
 *
 * @example
 * const migrator = createMigrator(sequelize);
 * await migrator.up();               // everything pending
 * await migrator.down({ step: 1 });  // roll back the newest
 */
export function createMigrator(
  sequelize: Sequelize,
  migrationsDir = DEFAULT_MIGRATIONS_DIR,
  secretBox?: MigrationSecretBox,
): Migrator {
  const dialect = sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'mysql';
  const context: MigrationContext = {
    queryInterface: sequelize.getQueryInterface(),
    dialect,
    ...(secretBox ? { secretBox } : {}),
  };
  return new Umzug<MigrationContext>({
    migrations: {
      // `.ts` from the repository; `.js` where the production build compiled them.
      glob: ['2*.{ts,js}', { cwd: migrationsDir }],
      resolve: ({ name, path }) => {
        const load = async (): Promise<MigrationModule> =>
          (await import(path as string)) as MigrationModule;
        return {
          name: name.replace(/\.[jt]s$/, ''),
          up: async () =>
            withSqliteForeignKeysOff(sequelize, async () => (await load()).up({ context })),
          down: async () =>
            withSqliteForeignKeysOff(sequelize, async () => (await load()).down({ context })),
        };
      },
    },
    context,
    storage: new SequelizeStorage({ sequelize }),
    logger: undefined,
  });
}

/**
 * SQLite rebuilds a table to alter it, and with foreign keys on, dropping the old copy would
 * cascade into child tables. So migrations run with them off, as SQLite's manual advises.
 */
async function withSqliteForeignKeysOff(
  sequelize: Sequelize,
  work: () => Promise<void>,
): Promise<void> {
  if (sequelize.getDialect() !== 'sqlite') return work();
  await sequelize.query('PRAGMA foreign_keys = OFF');
  try {
    await work();
  } finally {
    await sequelize.query('PRAGMA foreign_keys = ON');
  }
}

/** Names of migrations not yet applied; empty means the schema is current. */
export async function listPendingMigrations(migrator: Migrator): Promise<string[]> {
  return (await migrator.pending()).map((migration) => migration.name);
}
