import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Router, type RequestHandler, type Response } from 'express';
import { AppError } from '@parley/protocol';
import type { PreviewTickets } from '../widgets/preview-ticket.ts';
import type { WidgetService } from '../widgets/widget-service.ts';
import { embedPageCsp, renderEmbedPage, WIDGET_KEY_PATTERN } from './embed-page.ts';
import { sendPrecompressed } from './send-precompressed.ts';

/** Where `pnpm build` puts the widget (apps/widget/dist). */
export const DEFAULT_WIDGET_DIST = fileURLToPath(
  new URL('../../../../widget/dist', import.meta.url),
);

/** The loader keeps a stable URL, so it is cached briefly and a new build reaches sites fast. */
const LOADER_CACHE = 'public, max-age=300, stale-while-revalidate=3600';
/** Hashed chunks never change under their name. */
const CHUNK_CACHE = 'public, max-age=31536000, immutable';

/** A built chunk's file name: `app-z7bbjfax.js`, `style-1a2b.css`, their maps. */
const ASSET_NAME_PATTERN = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.(?:js|css|map)$/;

/** Other origins load these: a classic script (needs CORP) and ES modules (need CORS). */
function allowCrossOrigin(res: Response): void {
  res.set('Cross-Origin-Resource-Policy', 'cross-origin');
  res.set('Access-Control-Allow-Origin', '*');
}

/**
 * Serves the built widget, precompressed (brotli or gzip, as the browser accepts):
 * `/widget.js` (short-cached, ETag), `/assets/*` (hashed, immutable) and the
 * `/embed/:widgetKey` iframe page (`?preview=<ticket>`: the dashboard's preview). Without a
 * build, `/widget.js` answers 503 and says so.
 */
export function createWidgetAssetRoutes(options: {
  widgets: WidgetService;
  previewTickets: PreviewTickets;
  /** The embed page reads the widget: bounded per address like the other public routes. */
  limitPublic: RequestHandler<{ widgetKey: string }>;
  distDir?: string;
}): Router {
  const distDir = options.distDir ?? DEFAULT_WIDGET_DIST;
  const router = Router();
  router.get('/widget.js', (req, res, next) => {
    const file = `${distDir}/widget.js`;
    if (!existsSync(file)) {
      next(new AppError('INTERNAL', 'The widget is not built; run `pnpm build`'));
      return;
    }
    allowCrossOrigin(res);
    sendPrecompressed(req, res, { file, cacheControl: LOADER_CACHE });
  });
  router.get('/assets/:name', (req, res, next) => {
    const { name } = req.params;
    const file = `${distDir}/assets/${name}`;
    // Built names only (no path separators, no dot files); anything else is not ours.
    if (!ASSET_NAME_PATTERN.test(name) || !existsSync(file)) {
      next();
      return;
    }
    allowCrossOrigin(res);
    sendPrecompressed(req, res, { file, cacheControl: CHUNK_CACHE });
  });
  router.get('/embed/:widgetKey', options.limitPublic, async (req, res) => {
    const key = req.params.widgetKey;
    if (!WIDGET_KEY_PATTERN.test(key)) throw new AppError('NOT_FOUND', 'No such widget');
    const widget = await options.widgets.findActiveByKey(key);
    const { preview } = req.query;
    const ticket = typeof preview === 'string' ? preview : undefined;
    if (preview !== undefined && !options.previewTickets.isValidFor(ticket, key))
      throw new AppError('UNAUTHORIZED', 'The preview ticket is invalid or expired', {
        field: 'preview',
      });
    res.removeHeader('X-Frame-Options');
    res.set('Content-Security-Policy', embedPageCsp(widget.allowedOrigins, preview !== undefined));
    // A page carrying a ticket is never kept by a cache.
    res.set('Cache-Control', preview === undefined ? 'no-cache' : 'no-store');
    res.type('html').send(renderEmbedPage(key, ticket));
  });
  return router;
}
