import { decryptSecret, encryptSecret } from '@parley/ai';
import { AppError } from '@parley/protocol';

/**
 * Secrets at rest (provider keys, widget identity secrets), with the AI package's secret box
 * (AES-256-GCM under `ENCRYPTION_KEY`, `v1:<iv>:<tag>:<ciphertext>`), so what the admin API
 * stores the provider resolver and the identify check can open.
 *
 * The embedded default always has a key (generated into `<DATA_DIR>/secrets.json`); a MySQL
 * installation without `ENCRYPTION_KEY` refuses to store a secret with `CONFLICT` naming the
 * field and the variable, and changes nothing.
 *
 * @example
 * const cipher = createSecretCipher(secrets.encryptionKey);
 * cipher.decrypt(cipher.encrypt('sk-…', 'keyValue')); // 'sk-…'
 */
export interface SecretCipher {
  /** `field` names the request field refused when no key is configured. */
  encrypt(plain: string, field: string): string;
  decrypt(stored: string): string;
}

export function createSecretCipher(hexKey: string | undefined): SecretCipher {
  const requireKey = (field: string) => {
    if (!hexKey)
      throw new AppError(
        'CONFLICT',
        'Storing secrets needs ENCRYPTION_KEY on the server (64 hex characters, the same on every node)',
        { field },
      );
    return hexKey;
  };
  return {
    encrypt: (plain, field) => encryptSecret(plain, requireKey(field)),
    decrypt: (stored) => decryptSecret(stored, requireKey('encryptionKey')),
  };
}
