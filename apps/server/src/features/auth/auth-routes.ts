import { Router, type RequestHandler } from 'express';
import {
  ZLoginRequestSchema,
  ZRefreshRequestSchema,
  ZSetupRequestSchema,
  type TSetupStatus,
} from '@parley/protocol';
import { currentUser, requestOrigin, requireRole } from './auth-middleware.ts';
import type { AuthService } from './auth-service.ts';

/**
 * `/api/v1/auth/*`: first-run setup, sign-in, token refresh, sign-out, who am I. `limit` runs
 * before each of them (a per-IP request limit).
 */
export function createAuthRoutes(auth: AuthService, limit: RequestHandler): Router {
  const router = Router();
  router.use('/api/v1/auth', limit);
  router.get('/api/v1/auth/setup', async (_req, res) => {
    const body: TSetupStatus = { needsSetup: await auth.needsSetup() };
    res.json(body);
  });
  router.post('/api/v1/auth/setup', async (req, res) => {
    // Refused before the body is read: after setup nothing here costs more than one count.
    await auth.assertNeedsSetup();
    const input = ZSetupRequestSchema.parse(req.body);
    res.status(201).json(await auth.setup(input, requestOrigin(req)));
  });
  router.post('/api/v1/auth/login', async (req, res) => {
    const input = ZLoginRequestSchema.parse(req.body);
    res.json(await auth.login(input, requestOrigin(req)));
  });
  router.post('/api/v1/auth/refresh', async (req, res) => {
    const { refreshToken } = ZRefreshRequestSchema.parse(req.body);
    res.json(await auth.refresh(refreshToken));
  });
  router.post('/api/v1/auth/logout', async (req, res) => {
    const { refreshToken } = ZRefreshRequestSchema.parse(req.body);
    await auth.logout(refreshToken);
    res.status(204).end();
  });
  router.get('/api/v1/auth/me', requireRole(auth, 'admin', 'agent'), (_req, res) => {
    res.json({ user: auth.toUser(currentUser(res)) });
  });
  return router;
}
