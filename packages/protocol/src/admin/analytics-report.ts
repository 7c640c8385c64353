import { z } from 'zod';

/** A median in milliseconds, or null when nothing in the range measured it. */
const ZMedianMs = z.number().nullable();
/** A share between 0 and 1, or null when there was nothing to divide by. */
const ZShare = z.number().min(0).max(1).nullable();

/** One widget's figures in the range (`GET /analytics/report`). */
export const ZAnalyticsWidgetRowSchema = z.object({
  widgetId: z.string(),
  name: z.string(),
  sessions: z.number(),
  messages: z.number(),
  handoffRate: ZShare,
  satisfaction: ZShare,
  estimatedCost: z.number(),
});
export type TAnalyticsWidgetRow = z.infer<typeof ZAnalyticsWidgetRowSchema>;

/** One agent's figures in the range: conversations they answered and how fast. */
export const ZAnalyticsAgentRowSchema = z.object({
  userId: z.string(),
  fullName: z.string(),
  sessions: z.number(),
  messages: z.number(),
  firstResponseMsMedian: ZMedianMs,
});
export type TAnalyticsAgentRow = z.infer<typeof ZAnalyticsAgentRowSchema>;

/** A question visitors ask, grouped over wording (case, accents, punctuation, plurals). */
export const ZAnalyticsQuestionSchema = z.object({
  /** The most frequent wording of the group. */
  question: z.string(),
  count: z.number(),
});

/**
 * `GET /analytics/report?from=&to=&widget=`: service figures beside the overview's counts.
 * First response: from a conversation's first visitor message to its first answer (AI or
 * person); resolution: from start to close of the conversations closed in the range.
 */
export const ZAnalyticsReportSchema = z.object({
  sessions: z.number(),
  firstResponseMsMedian: ZMedianMs,
  resolutionMsMedian: ZMedianMs,
  handoffRate: ZShare,
  satisfaction: ZShare,
  feedbackCount: z.number(),
  widgets: z.array(ZAnalyticsWidgetRowSchema),
  agents: z.array(ZAnalyticsAgentRowSchema),
  topQuestions: z.array(ZAnalyticsQuestionSchema),
  /** True when the range held more conversations than one report reads (the newest are used). */
  isSampled: z.boolean(),
});
export type TAnalyticsReport = z.infer<typeof ZAnalyticsReportSchema>;
