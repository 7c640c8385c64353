import { describeTarget, openDatabase } from '@parley/db';
import { embeddedStorage, loadInstallationSecrets } from '../app/installation-secrets.ts';
import { describeConnectionError, exitWithStartupError } from '../app/startup-error.ts';
import { ConfigError, loadConfig } from '../config/load-config.ts';

const USAGE = 'usage: db migrate | db rollback [--to <migration name> | --to 0] | db status';

/** `pnpm db:migrate`, `pnpm db:rollback`, `pnpm db:status` against DATABASE_URL (or the embedded file). */
async function runDbCommand(argv: string[]): Promise<void> {
  const [command, flag, value] = argv;
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError)
      exitWithStartupError(`invalid configuration: ${error.message}`);
    throw error;
  }
  const db = openDatabase({
    url: config.DATABASE_URL,
    sqliteStorage: embeddedStorage(config),
    secretBox: loadInstallationSecrets(config).secretBox,
  });
  try {
    await db.sequelize.authenticate();
  } catch (error) {
    exitWithStartupError(
      `cannot reach the database (${describeTarget(db.target)}): ${describeConnectionError(error)}`,
    );
  }
  const print = (line: string) => process.stdout.write(`${line}\n`);
  switch (command) {
    case 'migrate': {
      const applied = await db.migrator.up();
      print(
        applied.length ? applied.map((m) => `applied  ${m.name}`).join('\n') : 'nothing to migrate',
      );
      break;
    }
    case 'rollback': {
      if (flag !== undefined && (flag !== '--to' || value === undefined))
        exitWithStartupError(USAGE);
      const to = value === '0' ? 0 : value;
      const reverted = await db.migrator.down(to === undefined ? { step: 1 } : { to });
      print(
        reverted.length
          ? reverted.map((m) => `reverted ${m.name}`).join('\n')
          : 'nothing to roll back',
      );
      break;
    }
    case 'status': {
      print(`database ${describeTarget(db.target)}`);
      for (const m of await db.migrator.executed()) print(`up       ${m.name}`);
      for (const m of await db.migrator.pending()) print(`pending  ${m.name}`);
      break;
    }
    default:
      exitWithStartupError(USAGE);
  }
  await db.close();
}

await runDbCommand(process.argv.slice(2));
