import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { publicPreflight, admitPublicRequest } from './widget-cors.ts';
import type { WidgetService } from './widget-service.ts';

const ZWidgetKeyParamsSchema = z.object({ key: z.string().min(1).max(64) });

/** `GET /api/v1/widgets/:key/config`: the widget's public face, with ETag and CORS. */
export function createWidgetRoutes(widgets: WidgetService, limitPublic: RequestHandler): Router {
  const router = Router();
  router.options('/api/v1/widgets/:key/config', publicPreflight);
  router.get('/api/v1/widgets/:key/config', limitPublic, async (req, res) => {
    const { key } = ZWidgetKeyParamsSchema.parse(req.params);
    const widget = await widgets.findActiveByKey(key);
    admitPublicRequest(widgets, widget, { req, res });
    const { config, etag } = await widgets.publicConfig(widget);
    res.set('ETag', etag);
    // Revalidate every time (cheap with the ETag) so config edits reach visitors at once.
    res.set('Cache-Control', 'no-cache');
    // Compared by hand: `req.fresh` ignores If-None-Match when the request says no-cache,
    // which fetch() adds to any request that carries its own If-None-Match.
    const ifNoneMatch = req.get('if-none-match') ?? '';
    if (ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      res.status(304).end();
      return;
    }
    res.json(config);
  });
  return router;
}
