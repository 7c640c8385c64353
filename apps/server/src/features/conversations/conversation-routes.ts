import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, ZSessionMessagesQuerySchema, type TSessionMessagesPage } from '@parley/protocol';
import { admitPublicRequest, publicPreflight } from '../widgets/widget-cors.ts';
import type { WidgetService } from '../widgets/widget-service.ts';
import type { SessionService } from './session-service.ts';
import type { VisitorTokens } from './visitor-token.ts';

const ZSessionParamsSchema = z.object({ id: z.string().min(1).max(64) });

/**
 * `GET /api/v1/sessions/:id/messages?before=&limit=30` with `Authorization: Bearer <visitor
 * token>`: a page of the visitor's own session, backwards by seq. Another visitor's session is
 * `NOT_FOUND`, exactly like one that does not exist.
 */
export function createConversationRoutes(parts: {
  sessions: SessionService;
  widgets: WidgetService;
  tokens: VisitorTokens;
  limitPublic: RequestHandler;
}): Router {
  const router = Router();
  router.options('/api/v1/sessions/:id/messages', publicPreflight);
  router.get('/api/v1/sessions/:id/messages', parts.limitPublic, async (req, res) => {
    const header = req.get('authorization') ?? '';
    const token = /^Bearer (\S+)$/.exec(header)?.[1];
    if (!token) throw new AppError('UNAUTHORIZED', 'A visitor token is required');
    const { visitorId, widgetId } = parts.tokens.verifyAnyWidget(token);
    const widget = await parts.widgets.findActiveById(widgetId);
    admitPublicRequest(parts.widgets, widget, { req, res });
    const { id } = ZSessionParamsSchema.parse(req.params);
    const query = ZSessionMessagesQuerySchema.parse(req.query);
    const page: TSessionMessagesPage = await parts.sessions.listBefore(
      { widgetId, visitorId },
      { sessionId: id, before: query.before, limit: query.limit },
    );
    res.set('Cache-Control', 'no-store');
    res.json(page);
  });
  return router;
}
