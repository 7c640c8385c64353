import { Router } from 'express';
import type { Database } from '@parley/db';
import type { TAgent } from '@parley/protocol';
import { requireRole } from '../auth/auth-middleware.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { parseId } from './resource-json.ts';
import type { VisitorPanelService } from './visitor-panel-service.ts';

/**
 * What an agent needs beside a conversation: `GET /agents` (whom to assign it to; names only,
 * unlike the admin-only `/users`) and `GET /sessions/:id/visitor` (the visitor panel).
 */
export function createWorkspaceRoutes(parts: {
  auth: AuthService;
  db: Database;
  visitors: VisitorPanelService;
}): Router {
  const router = Router();
  const staff = requireRole(parts.auth, 'admin', 'agent');
  router.get('/api/v1/agents', staff, async (_req, res) => {
    const users = await parts.db.models.User.findAll({
      where: { isActive: true, role: ['admin', 'agent'] },
      attributes: ['id', 'fullName'],
      order: [['fullName', 'ASC']],
    });
    const items: TAgent[] = users.map((user) => ({ id: user.id, fullName: user.fullName }));
    res.json({ items });
  });
  router.get('/api/v1/sessions/:id/visitor', staff, async (req, res) => {
    res.json(await parts.visitors.read(parseId(req.params.id)));
  });
  return router;
}
