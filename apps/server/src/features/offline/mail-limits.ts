import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '@parley/protocol';
import { clientAddressKey } from '../../http/client-address-key.ts';
import type { RateLimiterFactory } from '../conversations/rate-limits.ts';

const HOUR_S = 3_600;

/**
 * How often a visitor may make Parley mail someone (confirmations, transcripts): per visitor,
 * per address (Gmail's dots and `+tags` folded, so one inbox is one address) and per client
 * address. Counted atomically by the limiter, so parallel requests cannot slip past.
 */
export function createMailLimits(factory: RateLimiterFactory) {
  const limiters: Array<[string, RateLimiterAbstract]> = [
    ['visitor', factory({ keyPrefix: 'mail:visitor', points: 3, durationS: HOUR_S })],
    ['address', factory({ keyPrefix: 'mail:address', points: 3, durationS: HOUR_S })],
    ['ip', factory({ keyPrefix: 'mail:ip', points: 10, durationS: HOUR_S })],
  ];
  return async (keys: { visitorId: string; email: string; ip: string }): Promise<void> => {
    const values = [keys.visitorId, inboxOf(keys.email), clientAddressKey(keys.ip)];
    try {
      for (const [index, [, limiter]] of limiters.entries()) await limiter.consume(values[index]!);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw new AppError('RATE_LIMITED', 'Too much mail to this address; try again later', {
        retryAfterMs: Math.max(1, error.msBeforeNext),
      });
    }
  };
}

/** `A.n.a+shop@googlemail.com` → `ana@gmail.com`: the inbox a mail lands in. */
export function inboxOf(email: string): string {
  const [rawLocal = '', rawDomain = ''] = email.toLowerCase().split('@');
  const domain = rawDomain === 'googlemail.com' ? 'gmail.com' : rawDomain;
  const local = rawLocal.split('+')[0] ?? '';
  return `${domain === 'gmail.com' ? local.replaceAll('.', '') : local}@${domain}`;
}
