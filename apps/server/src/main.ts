import { describeTarget, openDatabase, type Database } from '@parley/db';
import { createServer, type ParleyServer } from './app/create-server.ts';
import { createAiFeature } from './features/ai/ai-feature.ts';
import { startDemo } from './features/demo/demo-feature.ts';
import { createScaleOut } from './features/scale-out/scale-out-feature.ts';
import { embeddedStorage, loadInstallationSecrets } from './app/installation-secrets.ts';
import { setupLink } from './features/auth/setup-token.ts';
import { describeConnectionError, exitWithStartupError } from './app/startup-error.ts';
import type { Config } from './config/config-schema.ts';
import { ConfigError, loadConfig } from './config/load-config.ts';
import { createLogger, type Logger } from './logging/create-logger.ts';
import { waitAtMost } from './app/wait-at-most.ts';

/** How long a stop waits for what is still starting (the setup link, the demo seed). */
const STARTING_WAIT_MS = 10_000;

/** `--migrate` / `--no-migrate`; without either, migrate only the embedded database. */
function shouldMigrate(argv: string[], db: Database): boolean {
  if (argv.includes('--no-migrate')) return false;
  if (argv.includes('--migrate')) return true;
  return db.target.dialect === 'sqlite';
}

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError)
      exitWithStartupError(`invalid configuration: ${error.message}`);
    throw error;
  }
}

async function connect(db: Database): Promise<void> {
  try {
    await db.sequelize.authenticate();
  } catch (error) {
    exitWithStartupError(
      `cannot reach the database (${describeTarget(db.target)}): ${describeConnectionError(error)}`,
    );
  }
}

async function migrate(db: Database, logger: Logger, isRequested: boolean): Promise<void> {
  const pending = await db.pendingMigrations();
  if (pending.length === 0) return;
  if (!isRequested) {
    logger.warn(
      { pending },
      'migrations are pending; run `pnpm db:migrate` or start with --migrate',
    );
    return;
  }
  try {
    await db.migrator.up();
    logger.info({ applied: pending.length }, 'migrations applied');
  } catch (error) {
    exitWithStartupError(`migration failed: ${describeConnectionError(error)}`);
  }
}

/**
 * On a fresh install (no admin yet) the log says where to create the first one: a link to the
 * dashboard's form carrying the one-time setup token, so only whoever can read this log can.
 */
async function announceSetup(server: ParleyServer, baseUrl: string, logger: Logger): Promise<void> {
  let needsSetup: boolean;
  try {
    needsSetup = await server.admin.auth.service.needsSetup();
  } catch (error) {
    // Not migrated yet (MySQL without --migrate): /readyz says so; the link comes on a restart.
    logger.warn(
      { err: error },
      'cannot tell whether a first admin exists yet; restart after migrating for the setup link',
    );
    return;
  }
  if (!needsSetup) return;
  const link = setupLink(baseUrl, server.admin.auth.setupToken);
  logger.warn(`No admin yet. Create the first one here: ${link}`);
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = readConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const { secrets, secretBox } = loadInstallationSecrets(config);
  if (!secrets.encryptionKey)
    logger.warn(
      'ENCRYPTION_KEY is not set: provider keys and identity secrets cannot be stored until it is',
    );
  const db = openDatabase({
    url: config.DATABASE_URL,
    sqliteStorage: embeddedStorage(config),
    secretBox,
    writerStatementTimeoutMs: config.DB_WRITE_TIMEOUT_MS,
  });
  await connect(db);
  await migrate(db, logger, shouldMigrate(process.argv.slice(2), db));

  // The AI pipeline answers visitors by default (the knowledge answerer without AI_BASE_URL);
  // it opens stored provider keys with the same key the admin API stored them with.
  const aiConfig = { ...config, ENCRYPTION_KEY: secrets.encryptionKey };
  const server = createServer({
    config,
    db,
    logger,
    secrets,
    ai: createAiFeature({ config: aiConfig, db, logger }),
    scaleOut: createScaleOut({ config, logger }),
  });
  let url: string;
  try {
    url = await server.listen();
  } catch (error) {
    exitWithStartupError(
      `cannot listen on ${config.HOST}:${config.PORT}: ${(error as Error).message}`,
    );
  }
  logger.info(
    {
      url,
      database: describeTarget(db.target),
      metrics: server.metricsUrl(),
      startMs: Math.round(performance.now() - startedAt),
    },
    `Parley is listening on ${url}`,
  );
  // Signals are handled from the moment the server is reachable (a ready probe may stop it at
  // once). A stop waits for what is still starting (the setup link, the demo seed), so the
  // database is not closed under their writes.
  let demo: Awaited<ReturnType<typeof startDemo>> = null;
  let isStopping = false;
  const starting = (async () => {
    await announceSetup(server, config.PUBLIC_URL ?? url, logger);
    if (isStopping) return;
    demo = await startDemo({ config, db, logger, serverUrl: url }).catch((error: unknown) => {
      logger.warn({ err: error }, 'demo not started');
      return null;
    });
  })();
  const stop = (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, 'shutting down');
    waitAtMost(
      starting.catch(() => undefined),
      STARTING_WAIT_MS,
    )
      .then(() => Promise.all([demo?.close(), server.close()]))
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await starting;
}

await main();
