import { join } from 'node:path';
import { parseDatabaseUrl, type MigrationSecretBox } from '@parley/db';
import type { Config } from '../config/config-schema.ts';
import { resolveDataDir } from './data-dir.ts';
import { createSecretCipher } from './secret-cipher.ts';
import { loadSecrets, type ServerSecrets } from './secrets.ts';

/** Where the embedded database lives: `<DATA_DIR>/parley.sqlite`. */
export function embeddedStorage(config: Config): string {
  return join(resolveDataDir(config.DATA_DIR), 'parley.sqlite');
}

/**
 * The installation's secrets for a process that starts the server or migrates: signing keys, the
 * encryption key (generated on the embedded database), and the secret box migrations use to
 * encrypt columns. Call before opening the database, so migrations see the same key.
 *
 * @example
 * const { secrets, secretBox } = loadInstallationSecrets(config);
 * const db = openDatabase({ url: config.DATABASE_URL, sqliteStorage, secretBox });
 */
export function loadInstallationSecrets(config: Config): {
  secrets: ServerSecrets;
  secretBox: MigrationSecretBox | undefined;
} {
  const { dialect } = parseDatabaseUrl(config.DATABASE_URL, embeddedStorage(config));
  const secrets = loadSecrets({
    jwtSecret: config.JWT_SECRET,
    dataDir: resolveDataDir(config.DATA_DIR),
    encryptionKey: config.ENCRYPTION_KEY,
    isEmbedded: dialect === 'sqlite',
  });
  if (secrets.encryptionKey === undefined) return { secrets, secretBox: undefined };
  const cipher = createSecretCipher(secrets.encryptionKey);
  return {
    secrets,
    secretBox: {
      encrypt: (plain) => cipher.encrypt(plain, 'encryptionKey'),
      decrypt: (stored) => cipher.decrypt(stored),
    },
  };
}
