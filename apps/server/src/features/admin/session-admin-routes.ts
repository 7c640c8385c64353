import { Router, type RequestHandler } from 'express';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import {
  ZCleanupRequestSchema,
  ZExportFormatSchema,
  ZSessionListQuerySchema,
} from '@parley/protocol';
import type { AuditLog } from '../auth/audit-log.ts';
import { ACCESS_TOKEN_AUDIENCE } from '../auth/access-tokens.ts';
import { bearerToken, currentUser, requestOrigin, requireRole } from '../auth/auth-middleware.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { SessionAdminService } from './session-admin-service.ts';
import { exportSession } from './session-export.ts';
import { parseId } from './resource-json.ts';

/** The inbox over REST: list and search, read, export, delete, retention cleanup. */
export function createSessionAdminRoutes(parts: {
  auth: AuthService;
  audit: AuditLog;
  sessions: SessionAdminService;
}): Router {
  const { auth, audit, sessions } = parts;
  const staff = requireRole(auth, 'admin', 'agent');
  const admin = requireRole(auth, 'admin');
  const router = Router();
  // The same path serves visitors (their own session, visitor token): only staff tokens stay here.
  const staffTokensOnly: RequestHandler = (req, res, next) => {
    const token = bearerToken(req.get('authorization'));
    const claims = token ? jwt.decode(token, { json: true }) : null;
    const isStaff = claims?.aud === ACCESS_TOKEN_AUDIENCE || res.locals.apiKey !== undefined;
    next(isStaff ? undefined : 'route');
  };
  router.get('/api/v1/sessions', staff, async (req, res) => {
    // API keys list sessions too; they have no user, so no "mine".
    const viewerId = (res.locals.user as { id: string } | undefined)?.id;
    res.json(await sessions.list(ZSessionListQuerySchema.parse(req.query), viewerId));
  });
  router.get('/api/v1/sessions/:id', staff, async (req, res) => {
    res.json(await sessions.get(parseId(req.params.id)));
  });
  // The widget's cross-origin preflight for this shared path belongs to the visitor route;
  // without this, Express would answer OPTIONS here (Allow: GET) with no CORS headers.
  router.options('/api/v1/sessions/:id/messages', (_req, _res, next) => next('router'));
  router.get('/api/v1/sessions/:id/messages', staffTokensOnly, staff, async (req, res) => {
    res.json({ items: await sessions.messages(parseId(req.params.id)) });
  });
  router.get('/api/v1/sessions/:id/export', staff, async (req, res) => {
    const { format } = z.object({ format: ZExportFormatSchema.default('json') }).parse(req.query);
    const [session, messages] = await Promise.all([
      sessions.get(parseId(req.params.id)),
      sessions.messages(parseId(req.params.id)),
    ]);
    const file = exportSession(session, messages, format);
    res
      .type(file.contentType)
      .attachment(file.fileName)
      .set('X-Content-Type-Options', 'nosniff')
      .send(file.body);
  });
  router.delete('/api/v1/sessions/:id', admin, async (req, res) => {
    await sessions.remove(parseId(req.params.id));
    await audit.record({
      userId: currentUser(res).id,
      action: 'session.delete',
      origin: requestOrigin(req),
      metadata: { id: parseId(req.params.id) },
    });
    res.status(204).end();
  });
  router.post('/api/v1/maintenance/cleanup', admin, async (req, res) => {
    const { olderThanDays } = ZCleanupRequestSchema.parse(req.body);
    const removed = await sessions.cleanup(olderThanDays);
    await audit.record({
      userId: currentUser(res).id,
      action: 'maintenance.cleanup',
      origin: requestOrigin(req),
      metadata: { olderThanDays, ...removed },
    });
    res.json(removed);
  });
  return router;
}
