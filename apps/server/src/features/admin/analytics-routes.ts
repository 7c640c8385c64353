import { Router } from 'express';
import { ZAnalyticsQuerySchema } from '@parley/protocol';
import { requireRole } from '../auth/auth-middleware.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { AnalyticsService } from './analytics-service.ts';

/**
 * `GET /analytics/overview` (totals), `GET /analytics/timeseries` (per day, for charts) and
 * `GET /analytics/report` (service times, per widget and per agent, grouped questions).
 */
export function createAnalyticsRoutes(auth: AuthService, analytics: AnalyticsService): Router {
  const router = Router();
  const admin = requireRole(auth, 'admin');
  router.get('/api/v1/analytics/overview', admin, async (req, res) => {
    res.json(await analytics.overview(ZAnalyticsQuerySchema.parse(req.query)));
  });
  router.get('/api/v1/analytics/timeseries', admin, async (req, res) => {
    res.json(await analytics.series(ZAnalyticsQuerySchema.parse(req.query)));
  });
  router.get('/api/v1/analytics/report', admin, async (req, res) => {
    res.json(await analytics.report(ZAnalyticsQuerySchema.parse(req.query)));
  });
  return router;
}
