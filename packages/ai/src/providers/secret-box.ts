import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '@parley/protocol';

const VERSION = 'v1';

function keyFrom(hexKey: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(hexKey))
    throw new AppError('INTERNAL', 'ENCRYPTION_KEY must be 64 hex characters');
  return Buffer.from(hexKey, 'hex');
}

/**
 * Encrypts a provider key for `api_keys.key_value` with AES-256-GCM under `ENCRYPTION_KEY`
 * (a fresh 12-byte IV each time; the tag authenticates it). Format: `v1:iv:tag:ciphertext`, base64.
 *
 * @example
 * const stored = encryptSecret('sk-live-…', process.env.ENCRYPTION_KEY);
 */
export function encryptSecret(plain: string, hexKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(hexKey), iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    ciphertext.toString('base64'),
  ].join(':');
}

/** Decrypts what `encryptSecret` produced; a wrong key or a tampered value throws. */
export function decryptSecret(stored: string, hexKey: string): string {
  const [version, iv, tag, ciphertext] = stored.split(':');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined)
    throw new AppError('INTERNAL', 'not an encrypted secret');
  const decipher = createDecipheriv('aes-256-gcm', keyFrom(hexKey), Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, 'base64')),
    decipher.final(),
  ]).toString('utf8');
}

/** The last four characters, for `api_keys.key_hint`. */
export function keyHint(plain: string): string {
  return plain.length <= 8 ? '…' : `…${plain.slice(-4)}`;
}
