import { decryptSecret, encryptSecret } from '@parley/ai';
import { AppError } from '@parley/protocol';

/**
 * Provider keys at rest, with the AI package's secret box (AES-256-GCM under `ENCRYPTION_KEY`,
 * `v1:<iv>:<tag>:<ciphertext>`), so what the admin API stores the provider resolver can open.
 * Without `ENCRYPTION_KEY` storing a key is refused with `CONFLICT` naming the field.
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
  const requireKey = () => {
    if (!hexKey)
      throw new AppError('CONFLICT', 'Storing provider keys needs ENCRYPTION_KEY on the server', {
        field: 'keyValue',
      });
    return hexKey;
  };
  return {
    encrypt: (plain) => encryptSecret(plain, requireKey()),
    decrypt: (stored) => decryptSecret(stored, requireKey()),
  };
}
