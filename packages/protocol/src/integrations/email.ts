import { z } from 'zod';
import { ZEmailSchema } from '../admin/auth.ts';
import { ZMessageSchema } from '../entities.ts';

/** `POST /sessions/:id/transcript`: to this address, or the visitor's known email. */
export const ZTranscriptRequestSchema = z.object({ to: ZEmailSchema.optional() }).strict();
export type TTranscriptRequest = z.infer<typeof ZTranscriptRequestSchema>;

/** One queued mail as the admin API lists it. */
export const ZEmailOutboxEntrySchema = z.object({
  id: z.string(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  status: z.enum(['pending', 'sent']),
  /** Why a pending mail has not gone, e.g. `not sent: configure SMTP`. */
  notice: z.string().nullable(),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TEmailOutboxEntry = z.infer<typeof ZEmailOutboxEntrySchema>;

/** `POST /email/inbound`: the visitor's mailed reply, now a message of the conversation. */
export const ZInboundMailAnswerSchema = z.object({ message: ZMessageSchema });
export type TInboundMailAnswer = z.infer<typeof ZInboundMailAnswerSchema>;
