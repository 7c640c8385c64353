import { Router } from 'express';
import type { PipelineDeps } from '@parley/ai';
import {
  AppError,
  ZAiDecisionSchema,
  ZContextRuleTestRequestSchema,
  ZModelNameSchema,
  ZModelPriceSetSchema,
  type TAiInteractionLog,
  type TList,
} from '@parley/protocol';
import type { z } from 'zod';
import type { PriceBook } from './price-book.ts';
import { requireRole } from '../auth/auth-middleware.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { testContextRule } from './rule-test-service.ts';
import { createAiAdminService } from './ai-admin-service.ts';

/**
 * Admin AI routes: the rule dry run, the response cache (`GET` counts, `DELETE` purges,
 * optionally one rule's entries with `?contextRuleId=`) and the interaction logs, newest first.
 */
export function createAiRoutes(options: {
  auth: AuthService;
  deps: PipelineDeps;
  prices: PriceBook;
}): Router {
  const router = Router();
  const admin = requireRole(options.auth, 'admin');
  const ai = createAiAdminService(options.deps.db);
  router.get('/api/v1/model-prices', admin, async (_req, res) => {
    res.json({ items: await options.prices.list() });
  });
  router.put('/api/v1/model-prices/:model', admin, async (req, res) => {
    const model = parse(ZModelNameSchema, req.params.model, 'model');
    res.json(await options.prices.set(model, parse(ZModelPriceSetSchema, req.body)));
  });
  router.delete('/api/v1/model-prices/:model', admin, async (req, res) => {
    const model = parse(ZModelNameSchema, req.params.model, 'model');
    if (!(await options.prices.reset(model)))
      throw new AppError('NOT_FOUND', 'No price was set for this model', { field: 'model' });
    res.status(204).end();
  });
  router.post('/api/v1/context-rules/:id/test', admin, async (req, res) => {
    const request = parse(ZContextRuleTestRequestSchema, req.body);
    const ruleId = String(req.params.id);
    res.json(await testContextRule(options.deps, { ruleId, request }));
  });
  router.get('/api/v1/ai/cache', admin, async (_req, res) => {
    res.json(await ai.cacheStats());
  });
  router.delete('/api/v1/ai/cache', admin, async (req, res) => {
    const contextRuleId =
      typeof req.query.contextRuleId === 'string' ? req.query.contextRuleId : undefined;
    res.json({ deleted: await options.deps.cache.purge({ contextRuleId }) });
  });
  router.get('/api/v1/ai/logs', admin, async (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit) || 50, 1), 200);
    const decision = ZAiDecisionSchema.optional().safeParse(req.query.decision);
    if (!decision.success)
      throw new AppError(
        'INVALID_PAYLOAD',
        `decision must be one of ${ZAiDecisionSchema.options.join(', ')}`,
        { field: 'decision' },
      );
    const answer: TList<TAiInteractionLog> = {
      items: await ai.logs({ decision: decision.data, limit }),
    };
    res.json(answer);
  });
  return router;
}

/** The parsed value, else `INVALID_PAYLOAD` naming the field. */
function parse<S extends z.ZodType>(schema: S, value: unknown, field?: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError('INVALID_PAYLOAD', issue?.message ?? 'invalid body', {
    field: field ?? issue?.path.join('.'),
  });
}
