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
 * `GET /metrics` in the Prometheus text format. With `token` set, scrapers must send
 * `Authorization: Bearer <token>`; without it, keep the port off the internet.
 */
export function createMetricsRoutes(registry: Registry, token: string | undefined): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (token && !sameToken(req.get('authorization') ?? '', `Bearer ${token}`))
      throw new AppError('UNAUTHORIZED', 'A metrics token is required');
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
