import { Router } from 'express';
import type { TAgent, TList } from '@parley/protocol';
import { requireRole } from '../auth/auth-middleware.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { parseId } from './resource-json.ts';
import type { StaffAccounts } from './staff-accounts.ts';
import type { VisitorPanelService } from './visitor-panel-service.ts';

/**
 * What an agent needs beside a conversation: `GET /agents` (whom to assign it to; names only,
 * unlike the admin-only `/users`) and `GET /sessions/:id/visitor` (the visitor panel).
 */
export function createWorkspaceRoutes(parts: {
  auth: AuthService;
  accounts: Pick<StaffAccounts, 'listAgents'>;
  visitors: VisitorPanelService;
}): Router {
  const router = Router();
  const staff = requireRole(parts.auth, 'admin', 'agent');
  router.get('/api/v1/agents', staff, async (_req, res) => {
    const answer: TList<TAgent> = { items: await parts.accounts.listAgents() };
    res.json(answer);
  });
  router.get('/api/v1/sessions/:id/visitor', staff, async (req, res) => {
    res.json(await parts.visitors.read(parseId(req.params.id)));
  });
  return router;
}
