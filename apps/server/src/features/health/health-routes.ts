import { Router } from 'express';
import type { Database } from '@parley/db';
import { checkReadiness } from './readiness.ts';

/**
 * `/healthz`: the process is up. `/readyz`: it can serve (database reachable, schema current),
 * and, with `isRedisReachable` (REDIS_URL), whether Redis answers.
 */
export function createHealthRoutes(
  db: Database,
  isRedisReachable?: () => Promise<boolean>,
): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const readiness = await checkReadiness(db, isRedisReachable);
    res.status(readiness.status === 'ready' ? 200 : 503).json(readiness);
  });
  return router;
}
