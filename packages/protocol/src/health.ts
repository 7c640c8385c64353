import { z } from 'zod';

export const ZReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({
    database: z.enum(['ok', 'unreachable']),
    migrations: z.enum(['current', 'pending', 'unknown']),
    /** Only with `REDIS_URL`. Reported, not required: each node serves alone while it is away. */
    redis: z.enum(['ok', 'unreachable']).optional(),
  }),
});
export type TReadiness = z.infer<typeof ZReadinessSchema>;

/** `GET /healthz`: the process answers (liveness; `/readyz` checks its dependencies). */
export const ZLivenessSchema = z.object({ status: z.literal('ok') });
export type TLiveness = z.infer<typeof ZLivenessSchema>;
