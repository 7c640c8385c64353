import { createHmac } from 'node:crypto';
import bcrypt from 'bcrypt';

/** OWASP's floor for bcrypt; each step doubles the work. */
export const BCRYPT_COST = 12;

/**
 * bcrypt reads only the first 72 bytes of its input, so two long passphrases that share a prefix
 * would hash alike. Every password is therefore first reduced to HMAC-SHA256 (base64, 44 bytes,
 * no NUL), which keeps all of its entropy inside bcrypt's window. The HMAC key is a fixed label,
 * not a secret: it only separates this use of SHA-256 from others, and changing it would lock out
 * every account.
 */
function preHash(password: string): string {
  return createHmac('sha256', 'parley:password:v1').update(password, 'utf8').digest('base64');
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string | null): Promise<boolean>;
}

/**
 * @example
 * const hasher = createPasswordHasher();
 * const hash = await hasher.hash('correct horse battery staple');
 * await hasher.verify('correct horse battery staple', hash); // true
 */
export function createPasswordHasher(cost = BCRYPT_COST): PasswordHasher {
  // A hash to compare against when the account does not exist, so a wrong email takes as long
  // as a wrong password and does not reveal which accounts exist.
  const decoy = bcrypt.hash(preHash('parley decoy password'), cost);
  return {
    hash: (password) => bcrypt.hash(preHash(password), cost),
    async verify(password, hash) {
      if (hash === null) {
        await bcrypt.compare(preHash(password), await decoy);
        return false;
      }
      return bcrypt.compare(preHash(password), hash);
    },
  };
}
