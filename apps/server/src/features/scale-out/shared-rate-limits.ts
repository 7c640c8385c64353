import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RateLimiterFactory } from '../conversations/rate-limits.ts';

/**
 * Rate limiters counted in Redis, so a visitor meets the same limit whichever node it reaches.
 * While Redis is away each node counts alone in memory (the insurance limiter) instead of
 * refusing everyone or letting everything through.
 */
export function redisRateLimiter(client: Redis): RateLimiterFactory {
  return ({ keyPrefix, points, durationS }) =>
    new RateLimiterRedis({
      storeClient: client,
      keyPrefix: `parley:${keyPrefix}`,
      points,
      duration: durationS,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: durationS }),
    });
}
