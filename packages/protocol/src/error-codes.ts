import { z } from 'zod';

/** Every error code of SPEC §4.4; REST bodies and socket acks use the same ones. */
export const ZErrorCodeSchema = z.enum([
  'INVALID_PAYLOAD',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'ORIGIN_NOT_ALLOWED',
  'RATE_LIMITED',
  'MESSAGE_TOO_LONG',
  'BLOCKED_BY_MODERATION',
  'BANNED',
  'SESSION_CLOSED',
  'IDENTITY_NOT_VERIFIED',
  'AI_UNAVAILABLE',
  'CONFLICT',
  'INTERNAL',
]);
export type TErrorCode = z.infer<typeof ZErrorCodeSchema>;

/** The one place where an error code becomes an HTTP status. */
export const HTTP_STATUS_BY_CODE: Record<TErrorCode, number> = {
  INVALID_PAYLOAD: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ORIGIN_NOT_ALLOWED: 403,
  RATE_LIMITED: 429,
  MESSAGE_TOO_LONG: 413,
  BLOCKED_BY_MODERATION: 422,
  BANNED: 403,
  SESSION_CLOSED: 409,
  IDENTITY_NOT_VERIFIED: 401,
  AI_UNAVAILABLE: 503,
  CONFLICT: 409,
  INTERNAL: 500,
};
