import type {
  TBan,
  TContextRule,
  TKnowledgeBase,
  TKnowledgeBaseSummary,
  TModerationRule,
  TNotification,
  TPromptTemplate,
  TProviderKey,
  TWidget,
} from '@parley/protocol';
import type {
  ApiKey,
  ContextRule,
  KnowledgeBaseConfig,
  ModerationRule,
  Notification,
  PromptTemplate,
  UserBan,
  WidgetConfig,
} from '@parley/db';

/*
 * Rows as the admin API answers them: each a protocol shape written field by field, so a column
 * added to a table is never answered by accident (a hash, a ciphertext) and a field renamed in
 * protocol stops this file compiling.
 */

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null | undefined) => date?.toISOString() ?? null;

/** The identity secret stays stored; the answer says only whether there is one. */
export function presentWidget(row: WidgetConfig): TWidget {
  return {
    id: row.id,
    widgetKey: row.widgetKey,
    name: row.name,
    allowedOrigins: row.allowedOrigins,
    initiallyOpen: row.initiallyOpen,
    contextMode: row.contextMode,
    contextName: row.contextName,
    contextRuleId: row.contextRuleId,
    contextRoutes: row.contextRoutes,
    providerKeyIds: row.providerKeyIds,
    title: row.title,
    primaryColor: row.primaryColor,
    position: row.position,
    greeting: row.greeting,
    placeholder: row.placeholder,
    locale: row.locale,
    theme: row.theme,
    zIndex: row.zIndex,
    handoffEnabled: row.handoffEnabled,
    handoffWaitingMessage: row.handoffWaitingMessage,
    cacheTtlS: row.cacheTtlS,
    showOnMobile: row.showOnMobile,
    isActive: row.isActive,
    isDefault: row.isDefault,
    officeHours: row.officeHours,
    replyWithinHours: row.replyWithinHours,
    hasIdentitySecret: row.identitySecret !== null,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function presentContextRule(row: ContextRule): TContextRule {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    isActive: row.isActive,
    contextType: row.contextType,
    keywords: row.keywords,
    excludedTopics: row.excludedTopics,
    promptTemplate: row.promptTemplate,
    promptTemplateId: row.promptTemplateId,
    refusalMessage: row.refusalMessage,
    responseFilters: row.responseFilters,
    useKnowledgeBases: row.useKnowledgeBases,
    knowledgeBaseIds: row.knowledgeBaseIds,
    knowledgeThreshold: row.knowledgeThreshold,
    historyTurns: row.historyTurns,
    preferredModel: row.preferredModel,
    providerKeyIds: row.providerKeyIds,
    cacheTtlS: row.cacheTtlS,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function presentPromptTemplate(row: PromptTemplate): TPromptTemplate {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    template: row.template,
    variables: row.variables,
    category: row.category,
    isActive: row.isActive,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** A knowledge base in a list: without its text, which may be megabytes. */
export function presentKnowledgeBaseSummary(row: KnowledgeBaseConfig): TKnowledgeBaseSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    sourceType: row.sourceType,
    url: row.url,
    filePath: row.filePath,
    embeddingModel: row.embeddingModel,
    status: row.status,
    statusMessage: row.statusMessage,
    version: row.version,
    isActive: row.isActive,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** A knowledge base read alone: the edit form loads its text from here, so saving keeps it. */
export function presentKnowledgeBase(row: KnowledgeBaseConfig): TKnowledgeBase {
  return { ...presentKnowledgeBaseSummary(row), content: row.content };
}

export function presentModerationRule(row: ModerationRule): TModerationRule {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    pattern: row.pattern,
    isRegex: row.isRegex,
    action: row.action,
    replacement: row.replacement,
    isActive: row.isActive,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function presentBan(row: UserBan): TBan {
  return {
    id: row.id,
    visitorId: row.visitorId,
    ipAddress: row.ipAddress,
    reason: row.reason,
    bannedBy: row.bannedBy,
    createdAt: iso(row.createdAt),
    expiresAt: isoOrNull(row.expiresAt),
  };
}

/** Never the key (encrypted at rest): its last 4 characters only. */
export function presentProviderKey(row: ApiKey): TProviderKey {
  return {
    id: row.id,
    service: row.service,
    name: row.name,
    baseUrl: row.baseUrl,
    keyHint: row.keyHint,
    models: row.models,
    isActive: row.isActive,
    expiresAt: isoOrNull(row.expiresAt),
    createdAt: iso(row.createdAt),
  };
}

export function presentNotification(row: Notification): TNotification {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    message: row.message,
    read: row.read,
    metadata: row.metadata,
    createdAt: iso(row.createdAt),
  };
}
