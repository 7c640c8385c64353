import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '@parley/protocol';
import type { Config } from '../../config/config-schema.ts';
import { clientAddressKey } from '../../http/client-address-key.ts';

export type RateLimitName =
  | 'messagesPerVisitor'
  | 'messagesPerIp'
  | 'eventsPerVisitor'
  | 'eventsPerStaff'
  | 'connectionsPerIp'
  | 'requestsPerIp'
  | 'authRequestsPerIp';

/**
 * The limits a visitor meets. Per-IP limits count by `clientAddressKey` (an IPv6 client's /64). Each one throws `RATE_LIMITED` with `details.retryAfterMs` when
 * spent. The store is in memory (one node); for several nodes pass limiters built on a shared
 * store (rate-limiter-flexible's Redis store has the same interface) through `createRateLimits`.
 */
export interface RateLimits {
  consume(name: RateLimitName, key: string): Promise<void>;
}

export type RateLimiterFactory = (options: {
  keyPrefix: string;
  points: number;
  durationS: number;
}) => RateLimiterAbstract;

export const memoryRateLimiter: RateLimiterFactory = (options) =>
  new RateLimiterMemory({
    keyPrefix: options.keyPrefix,
    points: options.points,
    duration: options.durationS,
  });

/**
 * @example
 * const limits = createRateLimits(config);
 * await limits.consume('messagesPerVisitor', visitorId); // throws AppError('RATE_LIMITED') when spent
 */
export function createRateLimits(
  config: Config,
  factory: RateLimiterFactory = memoryRateLimiter,
): RateLimits {
  const durationS = Math.max(1, Math.round(config.RATE_LIMIT_WINDOW_MS / 1000));
  const points: Record<RateLimitName, number> = {
    messagesPerVisitor: config.RATE_LIMIT_MESSAGES_PER_VISITOR,
    messagesPerIp: config.RATE_LIMIT_MESSAGES_PER_IP,
    eventsPerVisitor: config.RATE_LIMIT_EVENTS_PER_VISITOR,
    eventsPerStaff: config.RATE_LIMIT_EVENTS_PER_STAFF,
    connectionsPerIp: config.RATE_LIMIT_CONNECTIONS_PER_IP,
    requestsPerIp: config.RATE_LIMIT_REQUESTS_PER_IP,
    authRequestsPerIp: config.RATE_LIMIT_AUTH_REQUESTS_PER_IP,
  };
  const limiters = Object.fromEntries(
    Object.entries(points).map(([name, limit]) => [
      name,
      factory({ keyPrefix: `rl:${name}`, points: limit, durationS }),
    ]),
  ) as Record<RateLimitName, RateLimiterAbstract>;
  return {
    async consume(name, key) {
      try {
        await limiters[name].consume(name.endsWith('PerIp') ? clientAddressKey(key) : key);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        throw new AppError('RATE_LIMITED', 'Too many requests; slow down', {
          limit: name,
          retryAfterMs: Math.max(1, error.msBeforeNext),
        });
      }
    },
  };
}
