import type { Sequelize } from 'sequelize';
import { initAiInteractionLog, type AiInteractionLog } from './ai-interaction-log.ts';
import { initAiResponseCache, type AiResponseCache } from './ai-response-cache.ts';
import { initApiKey, type ApiKey } from './api-key.ts';
import { initApiKeyUsage, type ApiKeyUsage } from './api-key-usage.ts';
import { initCannedReply, type CannedReply } from './canned-reply.ts';
import { initChatMessage, type ChatMessage } from './chat-message.ts';
import { initChatSession, type ChatSession } from './chat-session.ts';
import { initContextRule, type ContextRule } from './context-rule.ts';
import { initConversationNote, type ConversationNote } from './conversation-note.ts';
import { initConversationRead, type ConversationRead } from './conversation-read.ts';
import { defineAssociations } from './define-associations.ts';
import { initInstallStep, type InstallStep } from './install-step.ts';
import { initIntegrationApiKey, type IntegrationApiKey } from './integration-api-key.ts';
import { initEmailOutboxEntry, type EmailOutboxEntry } from './email-outbox-entry.ts';
import { initFlaggedContent, type FlaggedContent } from './flagged-content.ts';
import { initKnowledgeBaseConfig, type KnowledgeBaseConfig } from './knowledge-base-config.ts';
import { initKnowledgeChunk, type KnowledgeChunk } from './knowledge-chunk.ts';
import { initKnowledgeEmbedding, type KnowledgeEmbedding } from './knowledge-embedding.ts';
import { initMessageFeedback, type MessageFeedback } from './message-feedback.ts';
import { initModerationRule, type ModerationRule } from './moderation-rule.ts';
import { initNotification, type Notification } from './notification.ts';
import { initPromptTemplate, type PromptTemplate } from './prompt-template.ts';
import { initRefreshToken, type RefreshToken } from './refresh-token.ts';
import { initUser, type User } from './user.ts';
import { initUserActivity, type UserActivity } from './user-activity.ts';
import { initUserBan, type UserBan } from './user-ban.ts';
import { initVisitor, type Visitor } from './visitor.ts';
import { initModelPrice, type ModelPrice } from './model-price.ts';
import { initWebhook, type Webhook } from './webhook.ts';
import { initWebhookDelivery, type WebhookDelivery } from './webhook-delivery.ts';
export { IntegrationApiKey } from './integration-api-key.ts';
export { EmailOutboxEntry, EMAIL_STATUSES, type EmailStatus } from './email-outbox-entry.ts';
import { initWidgetConfig, type WidgetConfig } from './widget-config.ts';

/** Every model class, initialised on one Sequelize instance. */
export interface Models {
  User: typeof User;
  UserActivity: typeof UserActivity;
  Notification: typeof Notification;
  RefreshToken: typeof RefreshToken;
  InstallStep: typeof InstallStep;
  PromptTemplate: typeof PromptTemplate;
  ContextRule: typeof ContextRule;
  WidgetConfig: typeof WidgetConfig;
  Visitor: typeof Visitor;
  ChatSession: typeof ChatSession;
  ChatMessage: typeof ChatMessage;
  ConversationRead: typeof ConversationRead;
  ConversationNote: typeof ConversationNote;
  CannedReply: typeof CannedReply;
  MessageFeedback: typeof MessageFeedback;
  KnowledgeBaseConfig: typeof KnowledgeBaseConfig;
  KnowledgeChunk: typeof KnowledgeChunk;
  KnowledgeEmbedding: typeof KnowledgeEmbedding;
  AiResponseCache: typeof AiResponseCache;
  AiInteractionLog: typeof AiInteractionLog;
  ModerationRule: typeof ModerationRule;
  FlaggedContent: typeof FlaggedContent;
  UserBan: typeof UserBan;
  ApiKey: typeof ApiKey;
  ApiKeyUsage: typeof ApiKeyUsage;
  ModelPrice: typeof ModelPrice;
  Webhook: typeof Webhook;
  WebhookDelivery: typeof WebhookDelivery;
  IntegrationApiKey: typeof IntegrationApiKey;
  EmailOutboxEntry: typeof EmailOutboxEntry;
}

/**
 * Initialises a fresh set of model classes on `sequelize` and wires their associations. Each
 * call binds its own subclasses (see `boundModel`), so two databases open in one process (SQLite
 * and MariaDB side by side) never share a class. Reach models through `db.models`: the exported
 * classes are for types and `instanceof` only and are bound to no database.
 *
 * @example
 * const { ChatSession, ChatMessage } = initModels(sequelize);
 * const session = await ChatSession.findByPk(id, { include: ['messages'] });
 */
export function initModels(sequelize: Sequelize): Models {
  const models: Models = {
    User: initUser(sequelize),
    UserActivity: initUserActivity(sequelize),
    Notification: initNotification(sequelize),
    RefreshToken: initRefreshToken(sequelize),
    InstallStep: initInstallStep(sequelize),
    PromptTemplate: initPromptTemplate(sequelize),
    ContextRule: initContextRule(sequelize),
    WidgetConfig: initWidgetConfig(sequelize),
    Visitor: initVisitor(sequelize),
    ChatSession: initChatSession(sequelize),
    ChatMessage: initChatMessage(sequelize),
    ConversationRead: initConversationRead(sequelize),
    ConversationNote: initConversationNote(sequelize),
    CannedReply: initCannedReply(sequelize),
    MessageFeedback: initMessageFeedback(sequelize),
    KnowledgeBaseConfig: initKnowledgeBaseConfig(sequelize),
    KnowledgeChunk: initKnowledgeChunk(sequelize),
    KnowledgeEmbedding: initKnowledgeEmbedding(sequelize),
    AiResponseCache: initAiResponseCache(sequelize),
    AiInteractionLog: initAiInteractionLog(sequelize),
    ModerationRule: initModerationRule(sequelize),
    FlaggedContent: initFlaggedContent(sequelize),
    UserBan: initUserBan(sequelize),
    ApiKey: initApiKey(sequelize),
    ApiKeyUsage: initApiKeyUsage(sequelize),
    ModelPrice: initModelPrice(sequelize),
    Webhook: initWebhook(sequelize),
    WebhookDelivery: initWebhookDelivery(sequelize),
    IntegrationApiKey: initIntegrationApiKey(sequelize),
    EmailOutboxEntry: initEmailOutboxEntry(sequelize),
  };
  defineAssociations(models);
  return models;
}

// Staff
export { User, USER_ROLES, type UserRole } from './user.ts';
export { UserActivity } from './user-activity.ts';
export { Notification } from './notification.ts';
export { RefreshToken } from './refresh-token.ts';
export { InstallStep, INSTALL_STEPS, type InstallStepName } from './install-step.ts';

// Context and widgets
export { PromptTemplate } from './prompt-template.ts';
export { ContextRule, type ResponseFilter } from './context-rule.ts';
export {
  WidgetConfig,
  WIDGET_CONTEXT_MODES,
  WIDGET_POSITIONS,
  WIDGET_THEMES,
  type ContextRoute,
  type OfficeHours,
  type WidgetContextMode,
  type WidgetPosition,
  type WidgetTheme,
} from './widget-config.ts';

// Conversations
export { Visitor } from './visitor.ts';
export { ChatSession, CHAT_SESSION_STATUSES, type ChatSessionStatus } from './chat-session.ts';
export {
  ChatMessage,
  MESSAGE_SENDER_TYPES,
  MESSAGE_STATUSES,
  type MessageSenderType,
  type MessageStatus,
} from './chat-message.ts';
export { ConversationRead } from './conversation-read.ts';
export { ConversationNote } from './conversation-note.ts';
export { CannedReply } from './canned-reply.ts';
export { MessageFeedback, FEEDBACK_RATINGS, type FeedbackRating } from './message-feedback.ts';

// Knowledge and AI
export {
  KnowledgeBaseConfig,
  KNOWLEDGE_BASE_STATUSES,
  KNOWLEDGE_SOURCE_TYPES,
  type KnowledgeBaseStatus,
  type KnowledgeSourceType,
} from './knowledge-base-config.ts';
export { KnowledgeChunk } from './knowledge-chunk.ts';
export { KnowledgeEmbedding } from './knowledge-embedding.ts';
export { AiResponseCache } from './ai-response-cache.ts';
export { AiInteractionLog, AI_DECISIONS, type AiDecision } from './ai-interaction-log.ts';

// Moderation
export { ModerationRule, MODERATION_ACTIONS, type ModerationAction } from './moderation-rule.ts';
export {
  FlaggedContent,
  FLAG_REPORTER_TYPES,
  FLAG_STATUSES,
  FLAGGED_CONTENT_TYPES,
  type FlaggedContentType,
  type FlagReporterType,
  type FlagStatus,
} from './flagged-content.ts';
export { UserBan } from './user-ban.ts';

// Provider keys
export { ApiKey } from './api-key.ts';
export { ApiKeyUsage } from './api-key-usage.ts';
export { ModelPrice } from './model-price.ts';

// Integrations
export { Webhook } from './webhook.ts';
export {
  WebhookDelivery,
  WEBHOOK_DELIVERY_STATUSES,
  type WebhookDeliveryStatus,
} from './webhook-delivery.ts';

// Column value types
export type { JsonObject, JsonValue } from './portable-attributes.ts';
