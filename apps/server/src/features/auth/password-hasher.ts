import { createHmac } from 'node:crypto';
import bcrypt from 'bcrypt';
import pLimit from 'p-limit';
import { AppError } from '@parley/protocol';

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

/** The refusal of a bcrypt operation beyond the queue: no password was checked. */
export class PasswordHasherBusyError extends AppError {
  constructor() {
    super('RATE_LIMITED', 'The server is busy checking passwords; try again shortly', {
      retryAfterMs: 1000,
    });
  }
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string | null): Promise<boolean>;
  /** bcrypt operations started so far (hashes and comparisons); tests and metrics read it. */
  readonly operations: number;
}

export interface HashingLimits {
  /** bcrypt operations running at once (each holds one libuv thread for its whole run). */
  concurrency: number;
  /** Operations allowed to wait for a turn; one more is refused at once. */
  maxQueued: number;
}

/** bcrypt at OWASP cost, two at a time, at most 32 waiting. */
const DEFAULT_LIMITS: HashingLimits = { concurrency: 2, maxQueued: 32 };

/**
 * bcrypt runs on libuv's thread pool (four threads by default), which file reads, DNS lookups
 * and zlib share. Unbounded, a burst of sign-ins would occupy every thread for seconds and stall
 * them all; so hashing takes turns, and a burst beyond the queue is refused with `RATE_LIMITED`.
 *
 * @example
 * const hasher = createPasswordHasher();
 * const hash = await hasher.hash('correct horse battery staple');
 * await hasher.verify('correct horse battery staple', hash); // true
 */
export function createPasswordHasher(
  cost = BCRYPT_COST,
  limits: HashingLimits = DEFAULT_LIMITS,
): PasswordHasher {
  const limit = pLimit(limits.concurrency);
  let operations = 0;
  const run = <T>(work: () => Promise<T>): Promise<T> => {
    if (limit.activeCount >= limits.concurrency && limit.pendingCount >= limits.maxQueued)
      return Promise.reject(new PasswordHasherBusyError());
    return limit(() => {
      operations += 1;
      return work();
    });
  };
  // A hash to compare against when the account does not exist, so a wrong email takes as long
  // as a wrong password and does not reveal which accounts exist. Made once, off the queue.
  const decoy = bcrypt.hash(preHash('parley decoy password'), cost);
  return {
    get operations() {
      return operations;
    },
    hash: (password) => run(() => bcrypt.hash(preHash(password), cost)),
    verify: (password, hash) =>
      run(async () => {
        if (hash !== null) return bcrypt.compare(preHash(password), hash);
        await bcrypt.compare(preHash(password), await decoy);
        return false;
      }),
  };
}
