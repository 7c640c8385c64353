import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '@parley/protocol';

/**
 * Provider keys at rest: AES-256-GCM under `ENCRYPTION_KEY` (32 bytes), stored as
 * `v1:<iv>:<tag>:<ciphertext>` (base64). The AI pipeline decrypts with the same cipher.
 *
 * @example
 * const cipher = createProviderKeyCipher(config.ENCRYPTION_KEY);
 * cipher.decrypt(cipher.encrypt('sk-…')); // 'sk-…'
 */
export interface ProviderKeyCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

export function createProviderKeyCipher(hexKey: string | undefined): ProviderKeyCipher {
  const key = hexKey ? Buffer.from(hexKey, 'hex') : undefined;
  const requireKey = () => {
    if (!key || key.length !== 32)
      throw new AppError('CONFLICT', 'Storing provider keys needs ENCRYPTION_KEY on the server', {
        field: 'keyValue',
      });
    return key;
  };
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', requireKey(), iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), data]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64')))
        .join(':');
    },
    decrypt(stored) {
      const [version, iv, tag, data] = stored.split(':');
      if (version !== 'v1' || !iv || !tag || !data) throw new Error('not a Parley ciphertext');
      const decipher = createDecipheriv('aes-256-gcm', requireKey(), Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(data, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}
