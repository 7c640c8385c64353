import type { RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@parley/protocol';
import { bearerToken } from '../auth/auth-middleware.ts';
import { scopeForRoute } from './api-key-scopes.ts';
import { API_KEY_PREFIX, type ApiKeyService } from './api-key-service.ts';

/**
 * Admits requests that carry an API key (`Authorization: Bearer prl_…`) to the routes its scopes
 * open, as the admin who created it; requests with other tokens pass untouched. Keys are limited
 * to `requestsPerMinute` each (on this node).
 *
 * @example
 * app.use(createApiKeyMiddleware({ keys, requestsPerMinute: 600 }));
 */
export function createApiKeyMiddleware(parts: {
  keys: ApiKeyService;
  requestsPerMinute: number;
}): RequestHandler {
  const limiter = new RateLimiterMemory({
    keyPrefix: 'rl:apiKey',
    points: parts.requestsPerMinute,
    duration: 60,
  });
  return async (req, res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (!token?.startsWith(API_KEY_PREFIX) || !req.path.startsWith('/api/')) return next();
    const caller = await parts.keys.authenticate(token);
    try {
      await limiter.consume(caller.id);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw new AppError('RATE_LIMITED', 'Too many requests with this API key', {
        retryAfterMs: error.msBeforeNext,
      });
    }
    const scope = scopeForRoute(req.method, req.path);
    if (!scope) throw new AppError('FORBIDDEN', 'API keys cannot call this route');
    if (!caller.scopes.includes(scope))
      throw new AppError('FORBIDDEN', `This needs an API key with the ${scope} scope`, { scope });
    res.locals.user = caller.owner;
    res.locals.apiKey = caller;
    next();
  };
}
