import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '@parley/db';
import { currentUser, requestOrigin, requireRole } from '../auth/auth-middleware.ts';
import type { AuditLog } from '../auth/audit-log.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { FlagService } from '../moderation/flag-service.ts';
import { describeFlags } from './moderation-queue.ts';
import { parseId } from './resource-json.ts';

const ZFlagListQuerySchema = z.object({
  status: z.enum(['pending', 'approved', 'rejected']).default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

/** `approve` keeps the message; `reject` hides it; `ban: true` also bans its author. */
const ZFlagReviewSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    ban: z.boolean().default(false),
    banReason: z.string().trim().min(1).max(1000).optional(),
    banExpiresAt: z.iso.datetime().nullable().optional(),
  })
  .strict();

/** The flagged-content queue over the moderation feature's flag service. */
export function createFlaggedContentRoutes(parts: {
  auth: AuthService;
  audit: AuditLog;
  flags: FlagService;
  db: Database;
}): Router {
  const router = Router();
  const admin = requireRole(parts.auth, 'admin');
  router.get('/api/v1/flagged-content', admin, async (req, res) => {
    const query = ZFlagListQuerySchema.parse(req.query);
    res.json({ items: await describeFlags(parts.db, await parts.flags.listFlagged(query)) });
  });
  router.post('/api/v1/flagged-content/:id/review', admin, async (req, res) => {
    const flagId = parseId(req.params.id);
    const input = ZFlagReviewSchema.parse(req.body);
    const user = currentUser(res);
    const result = await parts.flags.reviewFlagged({
      flagId,
      decision: input.decision === 'reject' && input.ban ? 'reject_and_ban' : input.decision,
      reviewerId: user.id,
      banReason: input.banReason,
      banExpiresAt: input.banExpiresAt ? new Date(input.banExpiresAt) : null,
    });
    await parts.audit.record({
      userId: user.id,
      action: `flag.${input.decision}${input.ban ? '_and_ban' : ''}`,
      origin: requestOrigin(req),
      metadata: { id: flagId },
    });
    res.json(result);
  });
  return router;
}
