import { Router } from 'express';
import type { Database } from '@parley/db';
import { ZFlagListQuerySchema, ZFlagReviewSchema, type TFlagReviewResult } from '@parley/protocol';
import { currentUser, requestOrigin, requireRole } from '../auth/auth-middleware.ts';
import type { AuditLog } from '../auth/audit-log.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { FlagService } from '../moderation/flag-service.ts';
import { describeFlags } from './moderation-queue.ts';
import { parseId } from './resource-json.ts';

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
    const answer: TFlagReviewResult = result;
    res.json(answer);
  });
  return router;
}
