import { z } from 'zod';
import { ZErrorCodeSchema } from './error-codes.ts';
import { isOneEmailAddress } from './email-address.ts';

/** Who wrote a message; every answer says whether the AI or a person wrote it. */
export const ZSenderTypeSchema = z.enum(['visitor', 'ai', 'agent', 'system']);
export type TSenderType = z.infer<typeof ZSenderTypeSchema>;

export const ZMessageStatusSchema = z.enum(['pending', 'delivered', 'read', 'moderated']);
export type TMessageStatus = z.infer<typeof ZMessageStatusSchema>;

export const ZSessionStatusSchema = z.enum(['open', 'handoff', 'agent', 'closed']);
export type TSessionStatus = z.infer<typeof ZSessionStatusSchema>;

/** A source quoted under an AI answer. */
export const ZMessageSourceSchema = z.object({
  title: z.string(),
  url: z.string().optional(),
  excerpt: z.string().optional(),
});
export type TMessageSource = z.infer<typeof ZMessageSourceSchema>;

/** A committed message as clients see it. Dates travel as ISO strings. */
export const ZMessageSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  seq: z.number().int().positive(),
  clientId: z.string().nullable(),
  senderType: ZSenderTypeSchema,
  senderName: z.string().nullable().optional(),
  content: z.string(),
  status: ZMessageStatusSchema,
  sources: z.array(ZMessageSourceSchema).optional(),
  /** Follow-up questions the visitor may send next (shown as chips under an AI answer). */
  suggestions: z.array(z.string().max(200)).max(3).optional(),
  isIncomplete: z.boolean().optional(),
  /** On system messages: why it was written, e.g. `AI_UNAVAILABLE` when no answer could be given. */
  code: ZErrorCodeSchema.optional(),
  createdAt: z.string(),
});
export type TMessage = z.infer<typeof ZMessageSchema>;

export const ZSessionSchema = z.object({
  id: z.string(),
  widgetId: z.string(),
  visitorId: z.string(),
  status: ZSessionStatusSchema,
  title: z.string().nullable(),
  lastSeq: z.number().int().nonnegative(),
  pageUrl: z.string().nullable().optional(),
  pageTitle: z.string().nullable().optional(),
  createdAt: z.string(),
  lastMessageAt: z.string(),
});
export type TSession = z.infer<typeof ZSessionSchema>;

/**
 * One email address of a visitor, trimmed and lowercased (mail limits and confirmation links
 * compare addresses in lower case). Never a list: Parley mails whatever is stored here, so a
 * field that accepted `a@x.test, b@y.test` would make it mail strangers. Internationalised
 * addresses are welcome (`isOneEmailAddress` says why zod's `.email()` is not used).
 */
export const ZVisitorEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .refine(isOneEmailAddress, { message: 'must be one email address like ana@example.com' });

/** The visitor as the widget knows it: its id and the signed token it keeps. */
export const ZVisitorCredentialsSchema = z.object({ id: z.string(), token: z.string() });
export type TVisitorCredentials = z.infer<typeof ZVisitorCredentialsSchema>;
