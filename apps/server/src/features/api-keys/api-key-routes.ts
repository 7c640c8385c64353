import { Router } from 'express';
import { ZApiKeyCreateSchema } from '@parley/protocol';
import type { AuditLog } from '../auth/audit-log.ts';
import { currentUser, requestOrigin, requireRole } from '../auth/auth-middleware.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { parseId } from '../admin/resource-json.ts';
import type { ApiKeyService } from './api-key-service.ts';

/** `POST/GET /api-keys`, `DELETE /api-keys/:id` (revoke); admins with a staff token, audited. */
export function createApiKeyRoutes(parts: {
  auth: AuthService;
  audit: AuditLog;
  keys: ApiKeyService;
}): Router {
  const { audit, keys } = parts;
  const admin = requireRole(parts.auth, 'admin');
  const router = Router();
  router.post('/api/v1/api-keys', admin, async (req, res) => {
    const input = ZApiKeyCreateSchema.parse(req.body);
    const created = await keys.create(input, currentUser(res).id);
    await audit.record({
      userId: currentUser(res).id,
      action: 'apiKey.create',
      origin: requestOrigin(req),
      metadata: { id: created.id, name: created.name, scopes: created.scopes },
    });
    res.status(201).json(created);
  });
  router.get('/api/v1/api-keys', admin, async (_req, res) => {
    res.json({ items: await keys.list() });
  });
  router.delete('/api/v1/api-keys/:id', admin, async (req, res) => {
    const revoked = await keys.revoke(parseId(req.params.id));
    await audit.record({
      userId: currentUser(res).id,
      action: 'apiKey.revoke',
      origin: requestOrigin(req),
      metadata: { id: revoked.id, name: revoked.name },
    });
    res.json(revoked);
  });
  return router;
}
