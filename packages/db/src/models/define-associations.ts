import type { Model, ModelStatic } from 'sequelize';
import type { Models } from './index.ts';

type ModelName = keyof Models;

/**
 * One foreign key of the migrations: parent, child, the child's attribute holding the parent's
 * id, its `ON DELETE`, then the child's name on the parent and the parent's name on the child.
 */
type Link = [ModelName, ModelName, string, 'CASCADE' | 'SET NULL', string, string];

// prettier-ignore
const LINKS: Link[] = [
  // Staff
  ['User', 'UserActivity', 'userId', 'CASCADE', 'activities', 'user'],
  ['User', 'Notification', 'userId', 'CASCADE', 'notifications', 'user'],
  ['User', 'RefreshToken', 'userId', 'CASCADE', 'refreshTokens', 'user'],
  // Context
  ['PromptTemplate', 'ContextRule', 'promptTemplateId', 'SET NULL', 'contextRules', 'namedPromptTemplate'],
  ['ContextRule', 'WidgetConfig', 'contextRuleId', 'SET NULL', 'widgets', 'contextRule'],
  // Widgets and conversations
  ['WidgetConfig', 'Visitor', 'widgetId', 'CASCADE', 'visitors', 'widget'],
  ['WidgetConfig', 'ChatSession', 'widgetId', 'CASCADE', 'sessions', 'widget'],
  ['Visitor', 'ChatSession', 'visitorId', 'CASCADE', 'sessions', 'visitor'],
  ['ContextRule', 'ChatSession', 'contextRuleId', 'SET NULL', 'sessions', 'contextRule'],
  ['User', 'ChatSession', 'assignedUserId', 'SET NULL', 'assignedSessions', 'assignedUser'],
  ['ChatSession', 'ChatMessage', 'sessionId', 'CASCADE', 'messages', 'session'],
  ['User', 'ConversationRead', 'userId', 'CASCADE', 'conversationReads', 'user'],
  ['ChatSession', 'ConversationRead', 'sessionId', 'CASCADE', 'reads', 'session'],
  ['ChatSession', 'ConversationNote', 'sessionId', 'CASCADE', 'notes', 'session'],
  ['User', 'ConversationNote', 'userId', 'SET NULL', 'notes', 'user'],
  ['ChatMessage', 'MessageFeedback', 'messageId', 'CASCADE', 'feedback', 'message'],
  ['Visitor', 'MessageFeedback', 'visitorId', 'CASCADE', 'feedback', 'visitor'],
  // Knowledge and AI
  ['KnowledgeBaseConfig', 'KnowledgeChunk', 'knowledgeBaseId', 'CASCADE', 'chunks', 'knowledgeBase'],
  ['ContextRule', 'AiResponseCache', 'contextRuleId', 'CASCADE', 'cachedResponses', 'contextRule'],
  ['Visitor', 'AiInteractionLog', 'visitorId', 'SET NULL', 'aiInteractions', 'visitor'],
  ['ChatSession', 'AiInteractionLog', 'sessionId', 'SET NULL', 'aiInteractions', 'session'],
  ['ContextRule', 'AiInteractionLog', 'contextRuleId', 'SET NULL', 'aiInteractions', 'contextRule'],
  // Moderation
  ['ChatSession', 'FlaggedContent', 'sessionId', 'CASCADE', 'flags', 'session'],
  ['ModerationRule', 'FlaggedContent', 'moderationRuleId', 'SET NULL', 'flags', 'moderationRule'],
  ['User', 'FlaggedContent', 'reportedBy', 'SET NULL', 'reportedFlags', 'reporter'],
  ['User', 'FlaggedContent', 'reviewedBy', 'SET NULL', 'reviewedFlags', 'reviewer'],
  ['Visitor', 'UserBan', 'visitorId', 'CASCADE', 'bans', 'visitor'],
  ['User', 'UserBan', 'bannedBy', 'SET NULL', 'bansIssued', 'banner'],
  // Provider keys
  ['ApiKey', 'ApiKeyUsage', 'apiKeyId', 'SET NULL', 'usage', 'apiKey'],
  // Integrations
  ['User', 'Webhook', 'createdBy', 'SET NULL', 'webhooks', 'creator'],
  ['Webhook', 'WebhookDelivery', 'webhookId', 'CASCADE', 'deliveries', 'webhook'],
  ['User', 'IntegrationApiKey', 'createdBy', 'SET NULL', 'integrationApiKeys', 'creator'],
];

/**
 * Every foreign key as a `hasMany`/`belongsTo` pair. `onDelete` mirrors the migration for
 * readers and `sync()`; the database enforces it, so a bulk delete cascades too.
 */
export function defineAssociations(models: Models): void {
  for (const [parentName, childName, foreignKey, onDelete, many, one] of LINKS) {
    const parent: ModelStatic<Model> = models[parentName];
    const child: ModelStatic<Model> = models[childName];
    parent.hasMany(child, { foreignKey, onDelete, onUpdate: 'CASCADE', as: many });
    child.belongsTo(parent, { foreignKey, onDelete, onUpdate: 'CASCADE', as: one });
  }
}
