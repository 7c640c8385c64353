import { RateLimiterMemory } from 'rate-limiter-flexible';
import { AppError } from '@parley/protocol';

export interface LoginThrottleLimits {
  /** Failed sign-ins per account within the window. */
  perAccount: number;
  /** Failed sign-ins per client IP within the window (password spraying across accounts). */
  perIp: number;
  windowSeconds: number;
}

export interface LoginThrottle {
  /** `RATE_LIMITED` when the account or the IP used up its failures. */
  assertAllowed(input: { email: string; ip: string }): Promise<void>;
  recordFailure(input: { email: string; ip: string }): Promise<void>;
  /** A successful sign-in forgives the account's failures (not the IP's). */
  recordSuccess(input: { email: string }): Promise<void>;
}

/**
 * Counts failed sign-ins only, so a user who types the right password is never held back by
 * earlier successes. In memory: on several nodes each node counts its own (documented).
 */
export function createLoginThrottle(limits: LoginThrottleLimits): LoginThrottle {
  const byAccount = new RateLimiterMemory({
    keyPrefix: 'login-account',
    points: limits.perAccount,
    duration: limits.windowSeconds,
  });
  const byIp = new RateLimiterMemory({
    keyPrefix: 'login-ip',
    points: limits.perIp,
    duration: limits.windowSeconds,
  });
  const isUsedUp = async (limiter: RateLimiterMemory, key: string) => {
    const state = await limiter.get(key);
    return state !== null && state.remainingPoints <= 0;
  };
  return {
    async assertAllowed({ email, ip }) {
      if ((await isUsedUp(byAccount, email)) || (await isUsedUp(byIp, ip)))
        throw new AppError('RATE_LIMITED', 'Too many failed sign-ins; try again later');
    },
    async recordFailure({ email, ip }) {
      // `penalty` adds points without rejecting: the next `assertAllowed` decides.
      await Promise.all([byAccount.penalty(email, 1), byIp.penalty(ip, 1)]);
    },
    async recordSuccess({ email }) {
      await byAccount.delete(email);
    },
  };
}
