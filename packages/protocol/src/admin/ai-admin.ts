import { z } from 'zod';

/** `GET /ai/cache`: how many answers are cached and how often they were served. */
export const ZAiCacheStatsSchema = z.object({
  entries: z.number().int().nonnegative(),
  hits: z.number().nonnegative(),
});
export type TAiCacheStats = z.infer<typeof ZAiCacheStatsSchema>;

/** What a purge or a cleanup removed (`DELETE /ai/cache`, `POST /maintenance/cleanup`). */
export const ZDeletedCountSchema = z.object({ deleted: z.number().int().nonnegative() });
export type TDeletedCount = z.infer<typeof ZDeletedCountSchema>;

export const ZAiDecisionSchema = z.enum(['answered', 'refused', 'failed']);
export type TAiDecision = z.infer<typeof ZAiDecisionSchema>;

/** One answer or refusal of the AI pipeline, with its costs (`GET /ai/logs`). */
export const ZAiInteractionLogSchema = z.object({
  id: z.string(),
  visitorId: z.string().nullable(),
  sessionId: z.string().nullable(),
  messageId: z.string().nullable(),
  query: z.string(),
  response: z.string(),
  modelUsed: z.string(),
  contextRuleId: z.string().nullable(),
  decision: ZAiDecisionSchema,
  refusalReason: z.string().nullable(),
  cacheHit: z.boolean(),
  fallbackUsed: z.boolean(),
  knowledgeBaseResults: z.number().int().nullable(),
  /** The bases searched, as stored (comma-separated ids). */
  knowledgeBaseIds: z.string().nullable(),
  latencyFirstTokenMs: z.number().int().nullable(),
  latencyTotalMs: z.number().int().nullable(),
  tokensIn: z.number().int().nullable(),
  tokensOut: z.number().int().nullable(),
  /** US dollars, from the price table. */
  estimatedCost: z.number().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
export type TAiInteractionLog = z.infer<typeof ZAiInteractionLogSchema>;
