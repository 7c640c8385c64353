import { z } from 'zod';
import { ZMessageStatusSchema, ZSenderTypeSchema } from '../entities.ts';
import { ZFlagReporterTypeSchema, ZFlagStatusSchema } from './flagged-content.ts';
import { ZFlagNoticeSchema } from './admin-events.ts';

/** A message near the flagged one, as moderators read it (blocked text included: admins only). */
export const ZQueueContextMessageSchema = z.object({
  seq: z.number().int(),
  senderType: ZSenderTypeSchema,
  content: z.string(),
  status: ZMessageStatusSchema,
  createdAt: z.string(),
  /** The message the entry is about. */
  isFlagged: z.boolean(),
});
export type TQueueContextMessage = z.infer<typeof ZQueueContextMessageSchema>;

/**
 * `GET /flagged-content`: one entry of the moderation queue, enough to decide from it: the
 * message with a few messages around it, the rule by name, what was already done, and the
 * conversation (`sessionId`) to open.
 */
export const ZModerationQueueItemSchema = ZFlagNoticeSchema.extend({
  contentId: z.string(),
  status: ZFlagStatusSchema,
  reporterType: ZFlagReporterTypeSchema,
  moderationRuleId: z.string().nullable(),
  ruleName: z.string().nullable(),
  ruleAction: z.enum(['flag', 'block', 'replace']).nullable(),
  /** In words, e.g. "Delivered, waiting for review". */
  actionTaken: z.string(),
  /** The flagged message and up to two messages either side, in order; empty if it is gone. */
  context: z.array(ZQueueContextMessageSchema),
  reviewedAt: z.string().nullable(),
});
export type TModerationQueueItem = z.infer<typeof ZModerationQueueItemSchema>;
