import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/**
 * The signing secrets of one Parley installation. Each use gets its own key, so a token of one
 * kind can never be replayed as another (a visitor token is not an admin token).
 */
export interface ServerSecrets {
  /** Signs visitor tokens (HS256). */
  visitorTokenSecret: Buffer;
  /** Signs admin access tokens (HS256). */
  adminJwtSecret: Buffer;
}

const SECRET_NAMES = ['visitorTokenSecret', 'adminJwtSecret'] as const;

const ZSecretsFileSchema = z.object(
  Object.fromEntries(SECRET_NAMES.map((name) => [name, z.string().regex(/^[0-9a-f]{64}$/)])) as {
    [K in (typeof SECRET_NAMES)[number]]: z.ZodString;
  },
);

/**
 * Returns the installation's secrets.
 *
 * - With `JWT_SECRET` set, every secret is derived from it (HMAC-SHA256 of the secret's name),
 *   so all nodes behind a load balancer that share `JWT_SECRET` accept each other's tokens.
 *   Several nodes MUST set it: generated secrets are per machine.
 * - Without it, 32 random bytes per secret are generated once and kept in
 *   `<dataDir>/secrets.json` (mode 0600), so tokens survive a restart.
 *
 * @example
 * const { visitorTokenSecret } = loadSecrets({ jwtSecret: config.JWT_SECRET, dataDir });
 */
export function loadSecrets(options: {
  jwtSecret: string | undefined;
  dataDir: string;
}): ServerSecrets {
  if (options.jwtSecret !== undefined) {
    const master = options.jwtSecret;
    const derive = (name: string) => createHmac('sha256', master).update(`parley:${name}`).digest();
    return { visitorTokenSecret: derive('visitor-token'), adminJwtSecret: derive('admin-jwt') };
  }
  const file = join(options.dataDir, 'secrets.json');
  const stored = readSecretsFile(file) ?? writeSecretsFile(file);
  return {
    visitorTokenSecret: Buffer.from(stored.visitorTokenSecret, 'hex'),
    adminJwtSecret: Buffer.from(stored.adminJwtSecret, 'hex'),
  };
}

function readSecretsFile(file: string): z.infer<typeof ZSecretsFileSchema> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = ZSecretsFileSchema.safeParse(JSON.parse(text));
  // A damaged file must not silently become new secrets: every token would stop working.
  if (!parsed.success) throw new Error(`${file} is not a valid Parley secrets file`);
  return parsed.data;
}

function writeSecretsFile(file: string): z.infer<typeof ZSecretsFileSchema> {
  const secrets = Object.fromEntries(
    SECRET_NAMES.map((name) => [name, randomBytes(32).toString('hex')]),
  ) as z.infer<typeof ZSecretsFileSchema>;
  mkdirSync(dirname(file), { recursive: true });
  // `wx` fails if another process created the file meanwhile; then its secrets win.
  try {
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readSecretsFile(file)!;
    throw error;
  }
  chmodSync(file, 0o600);
  return secrets;
}
