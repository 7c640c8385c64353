import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { notFoundHandler } from '../../http/error-handler.ts';

/** Where `pnpm build` puts the dashboard (apps/dashboard/dist). */
export const DEFAULT_DASHBOARD_DIST = fileURLToPath(
  new URL('../../../../dashboard/dist', import.meta.url),
);

/**
 * The dashboard SPA at `/admin`: hashed assets cached for good, and `index.html` for every other
 * path under `/admin` so deep links work. Without a build, `/admin` says how to make one.
 */
export function createDashboardRoutes(distDir = DEFAULT_DASHBOARD_DIST): Router {
  const router = Router();
  router.use(
    '/admin/assets',
    express.static(`${distDir}/assets`, { immutable: true, maxAge: '365d' }),
    // An asset of another build (a tab open across a deploy) is a 404, not the SPA's page.
    notFoundHandler,
  );
  router.get(['/admin', '/admin/*path'], (_req, res) => {
    const index = `${distDir}/index.html`;
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The dashboard is not built: run `pnpm build`.');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
