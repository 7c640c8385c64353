import { Router } from 'express';
import { z } from 'zod';
import { ZWebhookCreateSchema, ZWebhookUpdateSchema } from '@parley/protocol';
import type { AuditLog } from '../auth/audit-log.ts';
import { currentUser, requestOrigin, requireRole } from '../auth/auth-middleware.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { parseId } from '../admin/resource-json.ts';
import type { WebhookService } from './webhook-service.ts';

const ZDeliveryListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * `POST/GET /webhooks`, `GET/PATCH/DELETE /webhooks/:id`, `GET /webhooks/:id/deliveries` (the
 * log) and `POST /webhooks/:id/test`; admins only, writes audited.
 */
export function createWebhookRoutes(parts: {
  auth: AuthService;
  audit: AuditLog;
  webhooks: WebhookService;
}): Router {
  const { audit, webhooks } = parts;
  const admin = requireRole(parts.auth, 'admin');
  const router = Router();
  const base = '/api/v1/webhooks';

  router.post(base, admin, async (req, res) => {
    const input = ZWebhookCreateSchema.parse(req.body);
    const created = await webhooks.create(input, currentUser(res).id);
    await audit.record({
      userId: currentUser(res).id,
      action: 'webhook.create',
      origin: requestOrigin(req),
      metadata: { id: created.id, url: created.url, events: created.events },
    });
    res.status(201).json(created);
  });
  router.get(base, admin, async (_req, res) => {
    res.json({ items: await webhooks.list() });
  });
  router.get(`${base}/:id`, admin, async (req, res) => {
    res.json(await webhooks.get(parseId(req.params.id)));
  });
  router.patch(`${base}/:id`, admin, async (req, res) => {
    const id = parseId(req.params.id);
    const input = ZWebhookUpdateSchema.parse(req.body);
    const updated = await webhooks.update(id, input);
    await audit.record({
      userId: currentUser(res).id,
      action: 'webhook.update',
      origin: requestOrigin(req),
      metadata: { id, fields: Object.keys(input) },
    });
    res.json(updated);
  });
  router.delete(`${base}/:id`, admin, async (req, res) => {
    const id = parseId(req.params.id);
    await webhooks.remove(id);
    await audit.record({
      userId: currentUser(res).id,
      action: 'webhook.delete',
      origin: requestOrigin(req),
      metadata: { id },
    });
    res.status(204).end();
  });
  router.get(`${base}/:id/deliveries`, admin, async (req, res) => {
    const { limit } = ZDeliveryListQuerySchema.parse(req.query);
    res.json({ items: await webhooks.deliveries(parseId(req.params.id), limit) });
  });
  router.post(`${base}/:id/test`, admin, async (req, res) => {
    res.status(202).json(await webhooks.sendTest(parseId(req.params.id)));
  });
  return router;
}
