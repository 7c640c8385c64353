import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Registry } from 'prom-client';
import { AppError } from '@parley/protocol';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` in the Prometheus text format. `token` set: scrapers must send
 * `Authorization: Bearer <token>`. `isPublic` (the main port) without a token: no route at all,
 * since the metrics tell an outsider how busy the server is and what fails; the separate
 * loopback listener (`METRICS_PORT`) serves them to whoever can reach it.
 */
export function createMetricsRoutes(
  registry: Registry,
  options: { token: string | undefined; isPublic: boolean },
): Router {
  const router = Router();
  const { token } = options;
  if (options.isPublic && !token) return router;
  router.get('/metrics', async (req, res) => {
    if (token && !sameToken(req.get('authorization') ?? '', `Bearer ${token}`))
      throw new AppError('UNAUTHORIZED', 'A metrics token is required');
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
