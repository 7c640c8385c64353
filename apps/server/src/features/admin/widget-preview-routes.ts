import { Router } from 'express';
import { AppError, type TPreviewTicket } from '@parley/protocol';
import { requireRole } from '../auth/auth-middleware.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { PreviewTickets } from '../widgets/preview-ticket.ts';
import { parseId } from './resource-json.ts';

/**
 * `POST /api/v1/widgets/:id/preview-ticket` (admin): a short-lived ticket that lets the
 * dashboard's sandboxed preview (an opaque origin, `Origin: null`) load and chat with that widget
 * through `/embed/:key?preview=<ticket>`.
 */
export function createWidgetPreviewRoutes(parts: {
  auth: AuthService;
  /** The public key of the widget with this id (active or not), null if there is none. */
  widgetKeyOf(id: string): Promise<string | null>;
  tickets: PreviewTickets;
}): Router {
  const router = Router();
  router.post(
    '/api/v1/widgets/:id/preview-ticket',
    requireRole(parts.auth, 'admin'),
    async (req, res) => {
      const widgetKey = await parts.widgetKeyOf(parseId(req.params.id));
      if (widgetKey === null) throw new AppError('NOT_FOUND', 'No such widget');
      const answer: TPreviewTicket = parts.tickets.issue(widgetKey);
      res.set('Cache-Control', 'no-store');
      res.json(answer);
    },
  );
  return router;
}
