import { z } from 'zod';
import { ZSenderTypeSchema, ZSessionStatusSchema } from '../entities.ts';
import { ZIdSchema } from './resources.ts';

/** `GET /sessions` filters; `cursor` is the opaque `nextCursor` of the previous page. */
export const ZSessionListQuerySchema = z.object({
  status: ZSessionStatusSchema.optional(),
  widget: ZIdSchema.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  /** `mine`: held by the caller; `unassigned`: not closed and held by nobody. */
  assigned: z.enum(['mine', 'unassigned']).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type TSessionListQuery = z.infer<typeof ZSessionListQuerySchema>;

/** A session as the inbox lists it. */
export const ZSessionSummarySchema = z.object({
  id: z.string(),
  widgetId: z.string(),
  widgetName: z.string().nullable(),
  visitorId: z.string(),
  visitorName: z.string().nullable(),
  status: ZSessionStatusSchema,
  title: z.string().nullable(),
  assignedUserId: z.string().nullable(),
  /** The holder's name, for "who holds it" in the list. */
  assignedUserName: z.string().nullable(),
  /** The newest message a person may read (blocked ones are skipped), cut to one line. */
  lastMessage: z
    .object({ senderType: ZSenderTypeSchema, preview: z.string(), createdAt: z.string() })
    .nullable(),
  lastSeq: z.number().int(),
  pageUrl: z.string().nullable(),
  createdAt: z.string(),
  lastMessageAt: z.string(),
});
export type TSessionSummary = z.infer<typeof ZSessionSummarySchema>;

export const ZSessionPageSchema = z.object({
  items: z.array(ZSessionSummarySchema),
  nextCursor: z.string().nullable(),
});
export type TSessionPage = z.infer<typeof ZSessionPageSchema>;

export const ZExportFormatSchema = z.enum(['json', 'csv', 'txt']);
export type TExportFormat = z.infer<typeof ZExportFormatSchema>;

/** `POST /maintenance/cleanup`: delete sessions whose last message is older than N days. */
export const ZCleanupRequestSchema = z.object({
  olderThanDays: z.number().int().min(1).max(3650),
});
export type TCleanupRequest = z.infer<typeof ZCleanupRequestSchema>;

/**
 * What a cleanup removed: `deleted` sessions (with their messages, notes and flags), and what
 * was left of old conversations elsewhere: `visitors` with no conversation left and not seen
 * since, the question and answer text of `aiLogsCleared` AI log rows (their counts and costs
 * stay), sent `mails` and delivered `webhookDeliveries`.
 */
export const ZCleanupResultSchema = z.object({
  deleted: z.number().int().nonnegative(),
  visitors: z.number().int().nonnegative(),
  aiLogsCleared: z.number().int().nonnegative(),
  mails: z.number().int().nonnegative(),
  webhookDeliveries: z.number().int().nonnegative(),
});
export type TCleanupResult = z.infer<typeof ZCleanupResultSchema>;

/** `GET /analytics/*?from=&to=` */
export const ZAnalyticsQuerySchema = z.object({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  widget: ZIdSchema.optional(),
});
export type TAnalyticsQuery = z.infer<typeof ZAnalyticsQuerySchema>;

export const ZAnalyticsOverviewSchema = z.object({
  sessions: z.number(),
  messages: z.number(),
  visitorMessages: z.number(),
  aiAnswers: z.number(),
  agentMessages: z.number(),
  refusals: z.number(),
  handoffs: z.number(),
  cacheHitRate: z.number().nullable(),
  firstTokenMsP50: z.number().nullable(),
  feedbackUp: z.number(),
  feedbackDown: z.number(),
  /** US dollars of provider calls in the range (calls of unpriced models count 0). */
  estimatedCost: z.number(),
  /**
   * The same cost per widget (of its sessions' provider calls), highest first; widgets with no
   * cost in the range are left out. With `?widget=`, that widget alone.
   */
  costByWidget: z.array(
    z.object({ widgetId: z.string(), widgetName: z.string(), estimatedCost: z.number() }),
  ),
});
export type TAnalyticsOverview = z.infer<typeof ZAnalyticsOverviewSchema>;

export const ZAnalyticsDaySchema = z.object({
  day: z.string(),
  sessions: z.number(),
  messages: z.number(),
  aiAnswers: z.number(),
  refusals: z.number(),
  handoffs: z.number(),
  /** US dollars of that day's provider calls. */
  estimatedCost: z.number(),
});
export const ZAnalyticsSeriesSchema = z.object({
  days: z.array(ZAnalyticsDaySchema),
  topQuestions: z.array(z.object({ question: z.string(), count: z.number() })),
});
export type TAnalyticsSeries = z.infer<typeof ZAnalyticsSeriesSchema>;

/** Agent actions on the `/admin` namespace. */
export const ZAgentSessionRefSchema = z.object({ sessionId: ZIdSchema });
export const ZAgentMessageSchema = z.object({
  sessionId: ZIdSchema,
  clientId: z.string().min(1).max(64),
  content: z.string(),
});
export type TAgentMessage = z.infer<typeof ZAgentMessageSchema>;
