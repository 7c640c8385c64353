import { z } from 'zod';
import { ZErrorCodeSchema } from './error-codes.ts';

/** `details` names the field at fault, and for RATE_LIMITED carries `retryAfterMs`. */
export const ZErrorDetailsSchema = z.record(z.string(), z.unknown());

export const ZErrorSchema = z.object({
  code: ZErrorCodeSchema,
  message: z.string(),
  details: ZErrorDetailsSchema.optional(),
});
export type TError = z.infer<typeof ZErrorSchema>;

/** The uniform REST error body: `{ "error": { code, message, details? } }`. */
export const ZErrorBodySchema = z.object({ error: ZErrorSchema });
export type TErrorBody = z.infer<typeof ZErrorBodySchema>;
