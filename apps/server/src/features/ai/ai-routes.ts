import { Router } from 'express';
import type { PipelineDeps } from '@parley/ai';
import { AppError, ZContextRuleTestRequestSchema } from '@parley/protocol';
import { requireRole } from '../auth/auth-middleware.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { testContextRule } from './rule-test-service.ts';

/**
 * Admin AI routes: the rule dry run, and the response cache (`GET` counts, `DELETE` purges,
 * optionally one rule's entries with `?contextRuleId=`).
 */
export function createAiRoutes(options: { auth: AuthService; deps: PipelineDeps }): Router {
  const router = Router();
  const admin = requireRole(options.auth, 'admin');
  router.post('/api/v1/context-rules/:id/test', admin, async (req, res) => {
    const parsed = ZContextRuleTestRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('INVALID_PAYLOAD', issue?.message ?? 'invalid body', {
        field: issue?.path.join('.'),
      });
    }
    const ruleId = String(req.params.id);
    res.json(await testContextRule(options.deps, { ruleId, request: parsed.data }));
  });
  router.get('/api/v1/ai/cache', admin, async (_req, res) => {
    const { AiResponseCache } = options.deps.db.models;
    const entries = await AiResponseCache.count();
    const hits = (await AiResponseCache.sum('hitCount')) ?? 0;
    res.json({ entries, hits });
  });
  router.delete('/api/v1/ai/cache', admin, async (req, res) => {
    const contextRuleId =
      typeof req.query.contextRuleId === 'string' ? req.query.contextRuleId : undefined;
    res.json({ deleted: await options.deps.cache.purge({ contextRuleId }) });
  });
  return router;
}
