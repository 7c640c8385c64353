import { z } from 'zod';
import { ZMessageSchema, ZMessageStatusSchema, ZSenderTypeSchema } from '../entities.ts';
import { ZFlagNoticeSchema } from './admin-events.ts';

export const ZFlagStatusSchema = z.enum(['pending', 'approved', 'rejected']);
export type TFlagStatus = z.infer<typeof ZFlagStatusSchema>;
export const ZFlagReporterSchema = z.enum(['system', 'visitor', 'user']);
export type TFlagReporter = z.infer<typeof ZFlagReporterSchema>;

/** A flagged-content entry as the moderation feature keeps it (the notice plus its review state). */
export const ZFlaggedContentSchema = ZFlagNoticeSchema.extend({
  contentId: z.string(),
  moderationRuleId: z.string().nullable(),
  status: ZFlagStatusSchema,
  reporterType: ZFlagReporterSchema,
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
});
export type TFlaggedContent = z.infer<typeof ZFlaggedContentSchema>;

/** `GET /flagged-content?status=&limit=`. */
export const ZFlagListQuerySchema = z.object({
  status: ZFlagStatusSchema.default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type TFlagListQuery = z.infer<typeof ZFlagListQuerySchema>;

/** `POST /flagged-content/:id/review`: `approve` keeps the message; `reject` hides it; `ban: true` also bans its author. */
export const ZFlagReviewSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    ban: z.boolean().default(false),
    banReason: z.string().trim().min(1).max(1000).optional(),
    banExpiresAt: z.iso.datetime().nullable().optional(),
  })
  .strict();
export type TFlagReview = z.infer<typeof ZFlagReviewSchema>;

/** The answer to a review: the entry as reviewed and the message as it now reads (null: gone or kept). */
export const ZFlagReviewResultSchema = z.object({
  flag: ZFlaggedContentSchema,
  message: ZMessageSchema.nullable(),
});
export type TFlagReviewResult = z.infer<typeof ZFlagReviewResultSchema>;

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
  reporterType: ZFlagReporterSchema,
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
