import type { Router } from 'express';
import type { Database } from '@parley/db';
import type { ServerSecrets } from '../../app/secrets.ts';
import type { Config } from '../../config/config-schema.ts';
import { createAccessTokens, type AccessTokens } from './access-tokens.ts';
import { createAuditLog, type AuditLog } from './audit-log.ts';
import { createAuthRoutes } from './auth-routes.ts';
import { createAuthService, type AuthService } from './auth-service.ts';
import { createLoginThrottle } from './login-throttle.ts';
import { createPasswordHasher, type PasswordHasher } from './password-hasher.ts';
import { createRefreshTokenStore } from './refresh-tokens.ts';

/** Accounts and sign-in: what the admin REST API and the `/admin` gateway build on. */
export interface AuthFeature {
  service: AuthService;
  accessTokens: AccessTokens;
  hasher: PasswordHasher;
  audit: AuditLog;
  routes: Router;
}

export function createAuthFeature(parts: {
  config: Config;
  db: Database;
  secrets: ServerSecrets;
}): AuthFeature {
  const { config, db } = parts;
  const accessTokens = createAccessTokens([parts.secrets.adminJwtSecret], {
    ttlSeconds: config.ACCESS_TOKEN_TTL_S,
  });
  const hasher = createPasswordHasher(config.BCRYPT_COST);
  const audit = createAuditLog(db);
  const service = createAuthService({
    db,
    hasher,
    accessTokens,
    audit,
    refreshTokens: createRefreshTokenStore(db),
    throttle: createLoginThrottle({
      perAccount: config.LOGIN_FAILURES_PER_ACCOUNT,
      perIp: config.LOGIN_FAILURES_PER_IP,
      windowSeconds: config.LOGIN_THROTTLE_WINDOW_S,
    }),
  });
  return { service, accessTokens, hasher, audit, routes: createAuthRoutes(service) };
}
