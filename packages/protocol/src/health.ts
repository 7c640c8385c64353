import { z } from 'zod';

export const ZReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({
    database: z.enum(['ok', 'unreachable']),
    migrations: z.enum(['current', 'pending', 'unknown']),
  }),
});
export type TReadiness = z.infer<typeof ZReadinessSchema>;
