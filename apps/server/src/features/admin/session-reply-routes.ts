import { Router, type Response } from 'express';
import { createClientId, ZRestMessageSendSchema } from '@parley/protocol';
import { currentUser, requireRole } from '../auth/auth-middleware.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { AgentSessionService, SessionActor } from './agent-session-service.ts';
import { parseId } from './resource-json.ts';

/**
 * What an agent does on the `/admin` socket, over REST for integrations: reply (taking the
 * conversation over if needed), take over, hand back to the assistant. With an API key the
 * actor is the key's bot, named after the key.
 */
export function createSessionReplyRoutes(parts: {
  auth: AuthService;
  agents: AgentSessionService;
}): Router {
  const { agents } = parts;
  const staff = requireRole(parts.auth, 'admin', 'agent');
  const router = Router();
  // The widget's cross-origin preflight for this shared path belongs to the visitor route;
  // without this, Express would answer OPTIONS here (Allow: POST) with no CORS headers.
  router.options('/api/v1/sessions/:id/messages', (_req, _res, next) => next('router'));
  router.post('/api/v1/sessions/:id/messages', staff, async (req, res) => {
    const { content, clientId } = ZRestMessageSendSchema.parse(req.body);
    const message = await agents.send(actor(res), {
      sessionId: parseId(req.params.id),
      clientId: clientId ?? createClientId(),
      content,
    });
    res.status(201).json(message);
  });
  router.post('/api/v1/sessions/:id/takeover', staff, async (req, res) => {
    res.json(await agents.takeover(actor(res), parseId(req.params.id)));
  });
  router.post('/api/v1/sessions/:id/release', staff, async (req, res) => {
    res.json(await agents.release(actor(res), parseId(req.params.id)));
  });
  return router;
}

function actor(res: Response): SessionActor {
  const apiKey = res.locals.apiKey as { name: string } | undefined;
  return apiKey ? { id: null, fullName: apiKey.name } : currentUser(res);
}
