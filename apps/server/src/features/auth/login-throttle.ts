import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '@parley/protocol';
import { memoryRateLimiter, type RateLimiterFactory } from '../conversations/rate-limits.ts';
import { clientAddressKey } from '../../http/client-address-key.ts';

export interface LoginThrottleLimits {
  /** Failed sign-ins per account within the window. */
  perAccount: number;
  /** Failed sign-ins per client IP within the window (password spraying across accounts). */
  perIp: number;
  windowSeconds: number;
}

export interface LoginAttempt {
  email: string;
  ip: string;
}

export interface LoginThrottle {
  /**
   * Takes one point from the account and one from the IP before the password is checked, or
   * throws `RATE_LIMITED` when either has none left. Taking (not peeking) is what makes it hold
   * under parallel guesses: each guess takes its point atomically, so no more guesses than the
   * limit ever reach the password check.
   */
  take(attempt: LoginAttempt): Promise<void>;
  /** A successful sign-in forgives the account's failures and gives back this attempt's IP point. */
  refund(attempt: LoginAttempt): Promise<void>;
  /** An attempt whose password was never checked (the server was busy) gives back both points. */
  giveBack(attempt: LoginAttempt): Promise<void>;
}

/**
 * Sign-in attempts counted per account and per IP. `factory` decides where the counts live:
 * in memory (one node), or in Redis so every node behind the load balancer shares them.
 *
 * @example
 * const throttle = createLoginThrottle({ perAccount: 5, perIp: 50, windowSeconds: 900 });
 * await throttle.take({ email, ip }); // throws AppError('RATE_LIMITED') when spent
 */
export function createLoginThrottle(
  limits: LoginThrottleLimits,
  factory: RateLimiterFactory = memoryRateLimiter,
): LoginThrottle {
  const durationS = limits.windowSeconds;
  const byAccount = factory({ keyPrefix: 'login-account', points: limits.perAccount, durationS });
  const byIp = factory({ keyPrefix: 'login-ip', points: limits.perIp, durationS });
  return {
    async take({ email, ip: address }) {
      const ip = clientAddressKey(address);
      if (!(await tryConsume(byAccount, email))) throw rateLimited();
      if (!(await tryConsume(byIp, ip))) {
        // The account did not get a guess: its point goes back.
        await byAccount.reward(email, 1);
        throw rateLimited();
      }
    },
    async refund({ email, ip }) {
      await Promise.all([byAccount.delete(email), byIp.reward(clientAddressKey(ip), 1)]);
    },
    async giveBack({ email, ip }) {
      await Promise.all([byAccount.reward(email, 1), byIp.reward(clientAddressKey(ip), 1)]);
    },
  };
}

async function tryConsume(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw error;
  }
}

const rateLimited = () => new AppError('RATE_LIMITED', 'Too many failed sign-ins; try again later');
