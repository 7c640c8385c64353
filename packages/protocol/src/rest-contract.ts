import { z } from 'zod';
import {
  ZAiCacheStatsSchema,
  ZAiInteractionLogSchema,
  ZDeletedCountSchema,
} from './admin/ai-admin.ts';
import { ZAnalyticsReportSchema } from './admin/analytics-report.ts';
import {
  ZConversationNoteSchema,
  ZNotificationSchema,
  ZUnreadCountsSchema,
} from './admin/attention.ts';
import { ZAuthResponseSchema, ZSetupStatusSchema, ZUserSchema } from './admin/auth.ts';
import { ZFlagReviewResultSchema } from './admin/flagged-content.ts';
import { ZModerationQueueItemSchema } from './admin/moderation-queue.ts';
import {
  ZBanSchema,
  ZContextRuleSchema,
  ZKnowledgeBaseSchema,
  ZKnowledgeBaseSummarySchema,
  ZListOf,
  ZModelPriceListSchema,
  ZModelPriceSchema,
  ZModerationRuleSchema,
  ZPromptTemplateSchema,
  ZProviderKeySchema,
  ZWidgetChangeSchema,
  ZWidgetSchema,
} from './admin/resources.ts';
import {
  ZAnalyticsOverviewSchema,
  ZAnalyticsSeriesSchema,
  ZCleanupResultSchema,
  ZSessionPageSchema,
  ZSessionSummarySchema,
} from './admin/sessions.ts';
import { ZAgentSchema, ZCannedReplySchema, ZVisitorPanelSchema } from './admin/workspace.ts';
import { ZContextRuleTestResultSchema } from './ai-rule-test.ts';
import { ZMessageSchema, ZSessionSchema } from './entities.ts';
import { ZLivenessSchema, ZReadinessSchema } from './health.ts';
import { ZApiKeyCreatedSchema, ZApiKeySchema } from './integrations/api-keys.ts';
import { ZEmailOutboxEntrySchema, ZInboundMailAnswerSchema } from './integrations/email.ts';
import {
  ZWebhookCreatedSchema,
  ZWebhookDeliverySchema,
  ZWebhookSchema,
} from './integrations/webhooks.ts';
import { ZPreviewTicketSchema } from './preview-ticket.ts';
import { ZSessionMessagesPageSchema } from './session-messages.ts';
import { ZWidgetPublicConfigSchema } from './widget-config.ts';

/** An answer without a body (`204 No Content`). */
export const NO_CONTENT = 'no content';
/** An answer that is not JSON: a script, a page, a download, metrics text. */
export const NOT_JSON = 'not json';

type TAnswerSpec = z.ZodType | typeof NO_CONTENT | typeof NOT_JSON;

/** The five routes of an admin CRUD resource (`POST` answers 201, `DELETE` 204). */
function crud<P extends string, I extends z.ZodType, L extends z.ZodType, C extends z.ZodType>(
  path: P,
  shapes: { item: I; listItem: L; change: C },
) {
  return {
    [`GET ${path}`]: ZListOf(shapes.listItem),
    [`GET ${path}/:id`]: shapes.item,
    [`POST ${path}`]: shapes.change,
    [`PATCH ${path}/:id`]: shapes.change,
    [`DELETE ${path}/:id`]: NO_CONTENT,
  } as {
    [K in `GET ${P}`]: ReturnType<typeof ZListOf<L>>;
  } & { [K in `GET ${P}/:id`]: I } & { [K in `POST ${P}` | `PATCH ${P}/:id`]: C } & {
    [K in `DELETE ${P}/:id`]: typeof NO_CONTENT;
  };
}
const same = <T extends z.ZodType>(item: T) => ({ item, listItem: item, change: item });

/**
 * Every HTTP route the server serves, `METHOD path` as Express spells it, with the schema of
 * its success answer. The server's answers are typed from these schemas, the dashboard's fetches
 * read them, and apps/server/test/rest-contract.test.ts parses every answer with them and fails
 * when a route is served that is not listed here.
 */
export const restContract = {
  // Health and operations
  'GET /healthz': ZLivenessSchema,
  'GET /readyz': ZReadinessSchema,
  'GET /metrics': NOT_JSON,
  // The widget's files, the demo page and the dashboard's single-page app
  'GET /widget.js': NOT_JSON,
  'GET /assets/:name': NOT_JSON,
  'GET /embed/:widgetKey': NOT_JSON,
  'GET /admin': NOT_JSON,
  'GET /admin/*path': NOT_JSON,
  // Sign-in
  'GET /api/v1/auth/setup': ZSetupStatusSchema,
  'POST /api/v1/auth/setup': ZAuthResponseSchema,
  'POST /api/v1/auth/login': ZAuthResponseSchema,
  'POST /api/v1/auth/refresh': ZAuthResponseSchema,
  'POST /api/v1/auth/logout': NO_CONTENT,
  'GET /api/v1/auth/me': z.object({ user: ZUserSchema }),
  // Admin resources (generic CRUD)
  ...crud('/api/v1/widgets', {
    item: ZWidgetSchema,
    listItem: ZWidgetSchema,
    change: ZWidgetChangeSchema,
  }),
  ...crud('/api/v1/context-rules', same(ZContextRuleSchema)),
  ...crud('/api/v1/prompt-templates', same(ZPromptTemplateSchema)),
  ...crud('/api/v1/knowledge-bases', {
    item: ZKnowledgeBaseSchema,
    listItem: ZKnowledgeBaseSummarySchema,
    change: ZKnowledgeBaseSchema,
  }),
  ...crud('/api/v1/moderation-rules', same(ZModerationRuleSchema)),
  ...crud('/api/v1/bans', same(ZBanSchema)),
  ...crud('/api/v1/provider-keys', same(ZProviderKeySchema)),
  ...crud('/api/v1/users', same(ZUserSchema)),
  ...crud('/api/v1/canned-replies', same(ZCannedReplySchema)),
  // Admin resources: more than CRUD
  'POST /api/v1/widgets/:id/preview-ticket': ZPreviewTicketSchema,
  'POST /api/v1/knowledge-bases/upload': ZKnowledgeBaseSummarySchema,
  'POST /api/v1/context-rules/:id/test': ZContextRuleTestResultSchema,
  'GET /api/v1/model-prices': ZModelPriceListSchema,
  'PUT /api/v1/model-prices/:model': ZModelPriceSchema,
  'DELETE /api/v1/model-prices/:model': NO_CONTENT,
  'GET /api/v1/ai/cache': ZAiCacheStatsSchema,
  'DELETE /api/v1/ai/cache': ZDeletedCountSchema,
  'GET /api/v1/ai/logs': ZListOf(ZAiInteractionLogSchema),
  'GET /api/v1/flagged-content': ZListOf(ZModerationQueueItemSchema),
  'POST /api/v1/flagged-content/:id/review': ZFlagReviewResultSchema,
  // The inbox
  'GET /api/v1/sessions': ZSessionPageSchema,
  'GET /api/v1/sessions/:id': ZSessionSummarySchema,
  /** Staff tokens get every message (`{ items }`); a visitor's token pages its own session. */
  'GET /api/v1/sessions/:id/messages': z.union([
    ZListOf(ZMessageSchema),
    ZSessionMessagesPageSchema,
  ]),
  'GET /api/v1/sessions/:id/export': NOT_JSON,
  'DELETE /api/v1/sessions/:id': NO_CONTENT,
  'POST /api/v1/sessions/:id/messages': ZMessageSchema,
  'POST /api/v1/sessions/:id/takeover': ZSessionSchema,
  'POST /api/v1/sessions/:id/release': ZSessionSchema,
  'POST /api/v1/sessions/:id/transcript': ZEmailOutboxEntrySchema,
  'POST /api/v1/sessions/:id/read': ZUnreadCountsSchema,
  'GET /api/v1/sessions/:id/notes': ZListOf(ZConversationNoteSchema),
  'GET /api/v1/sessions/:id/visitor': ZVisitorPanelSchema,
  'POST /api/v1/maintenance/cleanup': ZCleanupResultSchema,
  'GET /api/v1/unread': ZUnreadCountsSchema,
  'GET /api/v1/notifications': ZListOf(ZNotificationSchema),
  'POST /api/v1/notifications/:id/read': NO_CONTENT,
  'POST /api/v1/notifications/read': NO_CONTENT,
  'GET /api/v1/agents': ZListOf(ZAgentSchema),
  // Analytics
  'GET /api/v1/analytics/overview': ZAnalyticsOverviewSchema,
  'GET /api/v1/analytics/timeseries': ZAnalyticsSeriesSchema,
  'GET /api/v1/analytics/report': ZAnalyticsReportSchema,
  // Integrations
  'POST /api/v1/api-keys': ZApiKeyCreatedSchema,
  'GET /api/v1/api-keys': ZListOf(ZApiKeySchema),
  'DELETE /api/v1/api-keys/:id': ZApiKeySchema,
  'POST /api/v1/webhooks': ZWebhookCreatedSchema,
  'GET /api/v1/webhooks': ZListOf(ZWebhookSchema),
  'GET /api/v1/webhooks/:id': ZWebhookSchema,
  'PATCH /api/v1/webhooks/:id': ZWebhookSchema,
  'DELETE /api/v1/webhooks/:id': NO_CONTENT,
  'GET /api/v1/webhooks/:id/deliveries': ZListOf(ZWebhookDeliverySchema),
  'POST /api/v1/webhooks/:id/test': ZWebhookDeliverySchema,
  'GET /api/v1/emails': ZListOf(ZEmailOutboxEntrySchema),
  // Visitors' mail: the relay posts replies; the links ask, then act (HTML pages)
  'POST /api/v1/email/inbound': ZInboundMailAnswerSchema,
  'GET /api/v1/email/unsubscribe': NOT_JSON,
  'POST /api/v1/email/unsubscribe': NOT_JSON,
  'GET /api/v1/email/confirm': NOT_JSON,
  'POST /api/v1/email/confirm': NOT_JSON,
  // The widget's public side
  'GET /api/v1/widgets/:key/config': ZWidgetPublicConfigSchema,
} as const satisfies Record<string, TAnswerSpec>;

export type TRestContract = typeof restContract;
/** `METHOD path` of every route, e.g. `GET /api/v1/widgets/:id`. */
export type TRestRoute = keyof TRestContract;
/** The body of a route's success answer (`undefined` for 204, a string when not JSON). */
export type TRestAnswer<R extends TRestRoute> = TRestContract[R] extends z.ZodType
  ? z.output<TRestContract[R]>
  : TRestContract[R] extends typeof NO_CONTENT
    ? undefined
    : string;
