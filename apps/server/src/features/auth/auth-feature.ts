import type { RequestHandler, Router } from 'express';
import type { Database } from '@parley/db';
import type { ServerSecrets } from '../../app/secrets.ts';
import type { Config } from '../../config/config-schema.ts';
import type { RateLimiterFactory, RateLimits } from '../conversations/rate-limits.ts';
import { createAccessTokens, type AccessTokens } from './access-tokens.ts';
import { createAuditLog, type AuditLog } from './audit-log.ts';
import { createAuthRoutes } from './auth-routes.ts';
import { createAuthService, type AuthService } from './auth-service.ts';
import { createLoginThrottle } from './login-throttle.ts';
import { createPasswordHasher, type PasswordHasher } from './password-hasher.ts';
import { createRefreshTokenStore } from './refresh-tokens.ts';
import { resolveSetupToken } from './setup-token.ts';

/** Accounts and sign-in: what the admin REST API and the `/admin` gateway build on. */
export interface AuthFeature {
  service: AuthService;
  accessTokens: AccessTokens;
  hasher: PasswordHasher;
  audit: AuditLog;
  routes: Router;
  /** The token `POST /auth/setup` needs while no admin exists (printed as a link on startup). */
  setupToken: string;
}

export function createAuthFeature(parts: {
  config: Config;
  db: Database;
  secrets: ServerSecrets;
  /** The per-IP request limit of every `/auth/*` route. */
  limits: RateLimits;
  /** Where sign-in counts live; Redis-backed on several nodes (default: this process). */
  rateLimiter?: RateLimiterFactory;
}): AuthFeature {
  const { config, db } = parts;
  const accessTokens = createAccessTokens([parts.secrets.adminJwtSecret], {
    ttlSeconds: config.ACCESS_TOKEN_TTL_S,
  });
  const hasher = createPasswordHasher(config.BCRYPT_COST, {
    concurrency: config.PASSWORD_HASH_CONCURRENCY,
    maxQueued: config.PASSWORD_HASH_QUEUE,
  });
  const setupToken = resolveSetupToken(config.PARLEY_SETUP_TOKEN, parts.secrets.adminJwtSecret);
  const audit = createAuditLog(db);
  const service = createAuthService({
    db,
    hasher,
    accessTokens,
    audit,
    refreshTokens: createRefreshTokenStore(db),
    setupToken,
    throttle: createLoginThrottle(
      {
        perAccount: config.LOGIN_FAILURES_PER_ACCOUNT,
        perIp: config.LOGIN_FAILURES_PER_IP,
        windowSeconds: config.LOGIN_THROTTLE_WINDOW_S,
      },
      parts.rateLimiter,
    ),
  });
  const limit: RequestHandler = (req, _res, next) => {
    parts.limits.consume('authRequestsPerIp', req.ip ?? 'unknown').then(() => next(), next);
  };
  return {
    service,
    accessTokens,
    hasher,
    audit,
    setupToken,
    routes: createAuthRoutes(service, limit),
  };
}
