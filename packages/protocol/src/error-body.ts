import { z } from 'zod';
import { ZErrorCodeSchema } from './error-codes.ts';

/**
 * `details` names the field at fault; for RATE_LIMITED it carries `retryAfterMs`, for BANNED
 * `expiresAt` (the ban's ISO end, null for good).
 */
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
