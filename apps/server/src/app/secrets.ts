import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
  /** Signs the dashboard's widget preview tickets (HS256). */
  previewTicketSecret: Buffer;
  /**
   * Encrypts secrets at rest (provider keys, identity secrets): `ENCRYPTION_KEY`, else on the
   * embedded database one generated into `<dataDir>/secrets.json`; undefined on MySQL without
   * `ENCRYPTION_KEY` (storing a secret is then refused).
   */
  encryptionKey?: string;
}

const SECRET_NAMES = ['visitorTokenSecret', 'adminJwtSecret'] as const;

const HEX_32_BYTES = /^[0-9a-f]{64}$/;

const ZSecretsFileSchema = z.object({
  ...(Object.fromEntries(SECRET_NAMES.map((name) => [name, z.string().regex(HEX_32_BYTES)])) as {
    [K in (typeof SECRET_NAMES)[number]]: z.ZodString;
  }),
  // Files written before secrets were encrypted at rest lack it; it is added on first read.
  encryptionKey: z.string().regex(HEX_32_BYTES).optional(),
});
type SecretsFile = z.infer<typeof ZSecretsFileSchema>;

/**
 * Returns the installation's secrets.
 *
 * - With `JWT_SECRET` set, every secret is derived from it (HMAC-SHA256 of the secret's name),
 *   so all nodes behind a load balancer that share `JWT_SECRET` accept each other's tokens.
 *   Several nodes MUST set it: generated secrets are per machine.
 * - Without it, 32 random bytes per secret are generated once and kept in
 *   `<dataDir>/secrets.json` (mode 0600), so tokens survive a restart.
 * - The encryption key is `encryptionKey` (the `ENCRYPTION_KEY` variable) when given. Otherwise,
 *   on the embedded database (`isEmbedded`), it is generated into the same file, so storing a
 *   provider key just works; never derived from `JWT_SECRET`, so rotating that cannot make
 *   stored secrets unreadable. On MySQL without it there is none (see `createSecretCipher`).
 *
 * @example
 * const { visitorTokenSecret } = loadSecrets({ jwtSecret: config.JWT_SECRET, dataDir });
 */
export function loadSecrets(options: {
  jwtSecret: string | undefined;
  dataDir: string;
  encryptionKey?: string;
  isEmbedded?: boolean;
}): ServerSecrets {
  const needsFile =
    options.jwtSecret === undefined ||
    (options.encryptionKey === undefined && options.isEmbedded === true);
  const stored = needsFile ? loadSecretsFile(join(options.dataDir, 'secrets.json')) : undefined;
  const encryptionKey =
    options.encryptionKey ?? (options.isEmbedded ? stored?.encryptionKey : undefined);
  if (options.jwtSecret !== undefined) {
    const master = options.jwtSecret;
    const derive = (name: string) => createHmac('sha256', master).update(`parley:${name}`).digest();
    return {
      visitorTokenSecret: derive('visitor-token'),
      adminJwtSecret: derive('admin-jwt'),
      previewTicketSecret: derive('preview-ticket'),
      encryptionKey,
    };
  }
  const adminJwtSecret = Buffer.from(stored!.adminJwtSecret, 'hex');
  return {
    visitorTokenSecret: Buffer.from(stored!.visitorTokenSecret, 'hex'),
    adminJwtSecret,
    // Derived rather than stored, so secrets files written before preview tickets keep working.
    previewTicketSecret: createHmac('sha256', adminJwtSecret)
      .update('parley:preview-ticket')
      .digest(),
    encryptionKey,
  };
}

function loadSecretsFile(file: string): Required<SecretsFile> {
  const stored = readSecretsFile(file) ?? writeSecretsFile(file);
  if (stored.encryptionKey !== undefined) return { ...stored, encryptionKey: stored.encryptionKey };
  const upgraded = { ...stored, encryptionKey: randomBytes(32).toString('hex') };
  // Write beside and rename, so a crash never leaves a half-written file behind.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(upgraded, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
  return upgraded;
}

function readSecretsFile(file: string): SecretsFile | undefined {
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

function writeSecretsFile(file: string): SecretsFile {
  const secrets = Object.fromEntries(
    [...SECRET_NAMES, 'encryptionKey'].map((name) => [name, randomBytes(32).toString('hex')]),
  ) as SecretsFile;
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
