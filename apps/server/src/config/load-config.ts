import { parseDatabaseUrl } from '@parley/db';
import { ZConfigSchema, type Config } from './config-schema.ts';

/** A configuration problem, phrased as one line an operator can act on. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Validates the environment. Empty strings count as unset, as most deployment tools write them.
 * Throws a ConfigError naming the first bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = ZConfigSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const value = present[name];
    const shown =
      value === undefined || /SECRET|KEY|PASSWORD/.test(name) ? '' : ` (got "${value}")`;
    throw new ConfigError(`${name} ${issue?.message ?? 'is invalid'}${shown}`);
  }
  try {
    parseDatabaseUrl(result.data.DATABASE_URL, '');
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return result.data;
}
