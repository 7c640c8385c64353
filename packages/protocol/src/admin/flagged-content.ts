import { z } from 'zod';
import { ZMessageSchema } from '../entities.ts';
import { ZFlagNoticeSchema } from './admin-events.ts';

export const ZFlagStatusSchema = z.enum(['pending', 'approved', 'rejected']);
export type TFlagStatus = z.infer<typeof ZFlagStatusSchema>;
export const ZFlagReporterTypeSchema = z.enum(['system', 'visitor', 'user']);
export type TFlagReporterType = z.infer<typeof ZFlagReporterTypeSchema>;

/** `GET /flagged-content?status=&limit=`: pending by default, 100 at most per page. */
export const ZFlagListQuerySchema = z.object({
  status: ZFlagStatusSchema.default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type TFlagListQuery = z.infer<typeof ZFlagListQuerySchema>;

/** `approve` keeps the message; `reject` hides it; `ban: true` also bans its author. */
export const ZFlagReviewSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    ban: z.boolean().default(false),
    banReason: z.string().trim().min(1).max(1000).optional(),
    banExpiresAt: z.iso.datetime().nullable().optional(),
  })
  .strict();
export type TFlagReview = z.infer<typeof ZFlagReviewSchema>;

/** A flag as staff see it: the `flag:new` notice plus its review state. */
export const ZFlaggedContentSchema = ZFlagNoticeSchema.extend({
  contentId: z.string(),
  moderationRuleId: z.string().nullable(),
  status: ZFlagStatusSchema,
  reporterType: ZFlagReporterTypeSchema,
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
});
export type TFlaggedContent = z.infer<typeof ZFlaggedContentSchema>;

/** `POST /flagged-content/:id/review`: the decided flag and the message as it now reads. */
export const ZFlagReviewResultSchema = z.object({
  flag: ZFlaggedContentSchema,
  message: ZMessageSchema.nullable(),
});
export type TFlagReviewResult = z.infer<typeof ZFlagReviewResultSchema>;
