import type { RequestHandler, Router } from 'express';
import type { Database } from '@parley/db';
import type { Config } from '../../config/config-schema.ts';
import type { AuthFeature } from '../auth/auth-feature.ts';
import { createApiKeyMiddleware } from './api-key-middleware.ts';
import { createApiKeyRoutes } from './api-key-routes.ts';
import { createApiKeyService, type ApiKeyService } from './api-key-service.ts';

export interface ApiKeyFeature {
  service: ApiKeyService;
  /** Mount before every admin route: admits API keys to the routes their scopes open. */
  authenticate: RequestHandler;
  /** `/api/v1/api-keys`; mount before the 404 handler. */
  routes: Router;
}

/** Long-lived, scoped keys for other systems, beside staff tokens on the REST API. */
export function createApiKeyFeature(parts: {
  config: Config;
  db: Database;
  auth: AuthFeature;
}): ApiKeyFeature {
  const service = createApiKeyService(parts.db);
  return {
    service,
    authenticate: createApiKeyMiddleware({
      keys: service,
      requestsPerMinute: parts.config.API_KEY_REQUESTS_PER_MINUTE,
    }),
    routes: createApiKeyRoutes({
      auth: parts.auth.service,
      audit: parts.auth.audit,
      keys: service,
    }),
  };
}
