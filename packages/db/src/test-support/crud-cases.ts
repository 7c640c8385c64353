import { randomUUID } from 'node:crypto';
import type { Attributes, CreationAttributes, Model, ModelStatic } from 'sequelize';
import type { Models } from '../models/index.ts';
import type { ModelFactory } from './model-factory.ts';

/** One model's round trip: every column set to a non-default value, then a patch. */
export interface CrudCase {
  table: string;
  model: (models: Models) => ModelStatic<Model>;
  /** Creation attributes with every column set, parents created through the factory. */
  full: (factory: ModelFactory) => Record<string, unknown> | Promise<Record<string, unknown>>;
  patch: Record<string, unknown>;
}

/** Typed against the model at the definition; erased so cases of every model share a list. */
function crudCase<M extends Model>(
  table: string,
  model: (models: Models) => ModelStatic<M>,
  values: NoInfer<{
    full: (factory: ModelFactory) => CreationAttributes<M> | Promise<CreationAttributes<M>>;
    patch: Partial<Attributes<M>>;
  }>,
): CrudCase {
  return { table, model, ...values };
}

/** A date with milliseconds, so truncation to seconds would show. */
const at = (offsetMs = 0): Date => new Date(Date.UTC(2026, 10, 23, 10, 11, 12, 345) + offsetMs);

// Builders without parents still take the factory: TypeScript keeps the enum literals' types
// (`role: 'admin'`) only for a callback that has a parameter.
export const CRUD_CASES: CrudCase[] = [
  crudCase('users', (m) => m.User, {
    full: (f) => ({
      email: `${f.unique('ada')}@example.test`,
      fullName: 'Ada Lovelace',
      passwordHash: '$argon2id$v=19$hash',
      role: 'admin',
      isActive: false,
      avatarUrl: 'https://cdn.example.test/ada.png',
      lastLoginAt: at(),
      tokenVersion: 3,
    }),
    patch: {
      fullName: 'Ada King',
      role: 'agent',
      isActive: true,
      lastLoginAt: null,
      tokenVersion: 4,
    },
  }),
  crudCase('user_activity', (m) => m.UserActivity, {
    full: async (f) => ({
      userId: (await f.user()).id,
      action: 'login',
      ipAddress: '203.0.113.7',
      userAgent: 'Mozilla/5.0',
      metadata: { method: 'password', mfa: false },
    }),
    patch: { action: 'logout', metadata: { reason: 'idle' } },
  }),
  crudCase('prompt_templates', (m) => m.PromptTemplate, {
    full: (_factory) => ({
      name: 'Support',
      description: 'Default support prompt',
      template: 'You help with {{context_name}}. {{question}}',
      variables: ['context_name', 'question'],
      category: 'support',
      isActive: false,
    }),
    patch: { template: 'Answer: {{question}}', variables: ['question'], isActive: true },
  }),
  crudCase('context_rules', (m) => m.ContextRule, {
    full: async (f) => ({
      name: 'Docs',
      description: 'Questions about the product docs',
      isActive: false,
      contextType: 'docs',
      keywords: ['install', 'configure'],
      excludedTopics: ['politics'],
      promptTemplate: 'Only answer about the docs. {{question}}',
      promptTemplateId: (await f.promptTemplate()).id,
      refusalMessage: 'I can only help with the docs.',
      responseFilters: [
        { type: 'redact', pattern: '\\d{16}', replacement: '[card]' },
        { type: 'max_length', maxLength: 2000 },
      ],
      useKnowledgeBases: true,
      knowledgeBaseIds: [(await f.knowledgeBase()).id],
      knowledgeThreshold: 0.75,
      historyTurns: 4,
      preferredModel: 'gpt-4o-mini',
      providerKeyIds: [(await f.apiKey()).id],
      cacheTtlS: 3600,
      version: 3,
    }),
    patch: { keywords: ['upgrade'], knowledgeThreshold: 0.5, version: 4, promptTemplateId: null },
  }),
  crudCase('widget_configs', (m) => m.WidgetConfig, {
    full: async (f) => {
      const rule = await f.contextRule();
      return {
        widgetKey: f.unique('wk'),
        name: 'Docs site',
        allowedOrigins: ['https://docs.example.test', 'http://localhost:3000'],
        initiallyOpen: true,
        contextMode: 'custom',
        contextName: 'Docs help',
        contextRuleId: rule.id,
        contextRoutes: [{ pattern: '/docs/*', contextRuleId: rule.id }],
        title: 'Ask the docs',
        primaryColor: '#0f766e',
        position: 'top-left',
        greeting: 'Hi! Ask me anything about the docs.',
        placeholder: 'Type a question…',
        locale: 'fr-CA',
        theme: 'dark',
        zIndex: 1000,
        identitySecret: 'whsec_0123456789abcdef',
        handoffEnabled: false,
        cacheTtlS: 600,
        showOnMobile: false,
        isActive: false,
        isDefault: true,
        providerKeyIds: [(await f.apiKey()).id],
        handoffWaitingMessage: 'A person has been asked to join.',
        officeHours: {
          timeZone: 'Europe/Paris',
          openings: [{ day: 1, from: '09:00', to: '17:30' }],
          holidays: ['2026-12-25'],
        },
        replyWithinHours: 4,
      };
    },
    patch: { title: 'Help', allowedOrigins: [], theme: 'light', contextRuleId: null },
  }),
  crudCase('visitors', (m) => m.Visitor, {
    full: async (f) => ({
      widgetId: (await f.widget()).id,
      externalId: f.unique('customer'),
      isVerified: true,
      name: 'Grace',
      email: 'grace@example.test',
      attributes: { plan: 'pro', seats: 12 },
      firstSeenAt: at(),
      lastSeenAt: at(60_000),
      emailConfirmedAt: at(30_000),
      emailOptedOutAt: at(90_000),
    }),
    patch: { lastSeenAt: at(120_000), attributes: { plan: 'enterprise' }, isVerified: false },
  }),
  crudCase('chat_sessions', (m) => m.ChatSession, {
    full: async (f) => {
      const widget = await f.widget();
      return {
        widgetId: widget.id,
        visitorId: (await f.visitor({ widgetId: widget.id })).id,
        contextRuleId: (await f.contextRule()).id,
        assignedUserId: (await f.user()).id,
        status: 'agent',
        title: 'Where is my order?',
        lastSeq: 7,
        isActive: false,
        metadata: { pageUrl: 'https://shop.example.test/orders/42' },
        lastMessageAt: at(),
      };
    },
    patch: { status: 'closed', lastSeq: 8, assignedUserId: null, lastMessageAt: at(5_000) },
  }),
  crudCase('chat_messages', (m) => m.ChatMessage, {
    full: async (f) => ({
      sessionId: (await f.session()).id,
      seq: 1,
      clientId: f.unique('client'),
      senderType: 'agent',
      senderId: randomUUID(),
      content: 'Your order ships tomorrow.',
      metadata: { sources: [{ title: 'Shipping', url: 'https://example.test/shipping' }] },
      status: 'read',
    }),
    patch: { status: 'moderated', content: '[removed]' },
  }),
  crudCase('message_feedback', (m) => m.MessageFeedback, {
    full: async (f) => {
      const session = await f.session();
      return {
        messageId: (await f.message({ sessionId: session.id, senderType: 'ai' })).id,
        visitorId: session.visitorId,
        rating: 'down',
        comment: 'Not what I asked.',
      };
    },
    patch: { rating: 'up', comment: null },
  }),
  crudCase('knowledge_base_configs', (m) => m.KnowledgeBaseConfig, {
    full: (_factory) => ({
      name: 'Handbook',
      description: 'Employee handbook',
      sourceType: 'url',
      content: 'x'.repeat(70_000),
      url: 'https://example.test/handbook',
      filePath: 'uploads/handbook.md',
      embeddingModel: 'bm25',
      status: 'failed',
      statusMessage: 'HTTP 404',
      version: 2,
      isActive: false,
    }),
    patch: { status: 'ready', statusMessage: null, version: 3 },
  }),
  crudCase('knowledge_chunks', (m) => m.KnowledgeChunk, {
    full: async (f) => ({
      knowledgeBaseId: (await f.knowledgeBase()).id,
      position: 0,
      title: 'Returns',
      url: 'https://example.test/handbook#returns',
      content: 'Returns are free within 30 days.',
    }),
    patch: { content: 'Returns are free within 60 days.', title: null },
  }),
  crudCase('knowledge_embeddings', (m) => m.KnowledgeEmbedding, {
    full: (f) => ({
      contentHash: f.unique('hash').padEnd(64, '0').slice(0, 64),
      model: 'text-embedding-3-small',
      dimensions: 2,
      vector: Buffer.from(new Float32Array([0.6, 0.8]).buffer).toString('base64'),
    }),
    patch: { dimensions: 3, vector: 'AAAAAAAAAAAAAAAA' },
  }),
  crudCase('ai_response_cache', (m) => m.AiResponseCache, {
    full: async (f) => ({
      cacheKey: f.unique('cache'),
      query: 'how do i return an item',
      response: 'Returns are free within 30 days.',
      modelUsed: 'gpt-4o-mini',
      contextRuleId: (await f.contextRule()).id,
      hitCount: 5,
      lastHitAt: at(),
      metadata: { sources: ['handbook#returns'] },
      expiresAt: at(86_400_000),
    }),
    patch: { hitCount: 6, lastHitAt: at(1_000) },
  }),
  crudCase('ai_interaction_logs', (m) => m.AiInteractionLog, {
    full: async (f) => {
      const session = await f.session();
      return {
        visitorId: session.visitorId,
        sessionId: session.id,
        messageId: randomUUID(),
        query: 'Can I pay by invoice?',
        response: 'I can only help with the docs.',
        modelUsed: 'gpt-4o-mini',
        contextRuleId: (await f.contextRule()).id,
        decision: 'refused',
        refusalReason: 'off_topic',
        cacheHit: true,
        fallbackUsed: true,
        knowledgeBaseResults: 0,
        knowledgeBaseIds: '["kb-1","kb-2"]',
        latencyFirstTokenMs: 120,
        latencyTotalMs: 940,
        tokensIn: 310,
        tokensOut: 42,
        estimatedCost: 0.001234,
        metadata: { provider: 'openai', attempt: 2 },
      };
    },
    patch: { decision: 'answered', estimatedCost: 123456.654321, refusalReason: null },
  }),
  crudCase('moderation_rules', (m) => m.ModerationRule, {
    full: (_factory) => ({
      name: 'Card numbers',
      description: 'Hide card numbers',
      pattern: '\\b\\d{16}\\b',
      isRegex: true,
      action: 'replace',
      replacement: '[card]',
      isActive: false,
    }),
    patch: { action: 'block', replacement: null, isActive: true },
  }),
  crudCase('flagged_content', (m) => m.FlaggedContent, {
    full: async (f) => ({
      contentId: randomUUID(),
      contentType: 'attachment',
      sessionId: (await f.session()).id,
      moderationRuleId: (await f.moderationRule()).id,
      reason: 'Matched rule Profanity',
      status: 'rejected',
      reporterType: 'user',
      reportedBy: (await f.user()).id,
      reviewedBy: (await f.user()).id,
      reviewedAt: at(),
    }),
    patch: { status: 'approved', reviewedAt: at(2_000) },
  }),
  crudCase('user_bans', (m) => m.UserBan, {
    full: async (f) => ({
      visitorId: (await f.visitor()).id,
      ipAddress: '198.51.100.23',
      reason: 'Spam',
      bannedBy: (await f.user()).id,
      expiresAt: at(3_600_000),
    }),
    patch: { expiresAt: null, reason: 'Repeated spam' },
  }),
  crudCase('api_keys', (m) => m.ApiKey, {
    full: (_factory) => ({
      service: 'openai',
      name: 'Production',
      baseUrl: 'https://api.example.test/v1',
      keyValue: 'v1:iv:ciphertext:tag',
      keyHint: '…a1b2',
      isActive: false,
      expiresAt: at(),
      models: ['gpt-4o-mini', 'gpt-4o'],
    }),
    patch: { isActive: true, expiresAt: null, name: 'Staging' },
  }),
  crudCase('api_key_usage', (m) => m.ApiKeyUsage, {
    full: async (f) => ({
      apiKeyId: (await f.apiKey()).id,
      service: 'openai',
      endpoint: '/chat/completions',
      model: 'gpt-4o-mini',
      responseTimeMs: 812,
      statusCode: 429,
      tokensIn: 100,
      tokensOut: 0,
    }),
    patch: { statusCode: 200, tokensOut: 55 },
  }),
  crudCase('notifications', (m) => m.Notification, {
    full: async (f) => ({
      userId: (await f.user()).id,
      title: 'Chat handed off',
      message: 'A visitor asked for a human.',
      type: 'handoff',
      read: true,
      metadata: { sessionId: randomUUID() },
    }),
    patch: { read: false, metadata: null },
  }),
  crudCase('refresh_tokens', (m) => m.RefreshToken, {
    full: async (f) => ({
      userId: (await f.user()).id,
      tokenHash: f.tokenHash(),
      familyId: randomUUID(),
      expiresAt: at(7 * 86_400_000),
      revokedAt: at(1),
      replacedById: randomUUID(),
    }),
    patch: { revokedAt: null, replacedById: null },
  }),
  crudCase('model_prices', (m) => m.ModelPrice, {
    full: (f) => ({
      model: f.unique('model'),
      inputPerMillion: 0.15,
      outputPerMillion: 0.6,
    }),
    patch: { inputPerMillion: 2.5 },
  }),
  crudCase('webhooks', (m) => m.Webhook, {
    full: async (f) => ({
      url: 'https://hooks.example.test/parley',
      events: ['message.created', 'conversation.closed'],
      description: 'CRM',
      secret: f.unique('whsec'),
      isActive: false,
      consecutiveFailures: 3,
      disabledReason: 'Too many failures',
      createdBy: (await f.user()).id,
    }),
    patch: { isActive: true, consecutiveFailures: 0, disabledReason: null },
  }),
  crudCase('webhook_deliveries', (m) => m.WebhookDelivery, {
    full: async (f) => ({
      webhookId: (await f.webhook()).id,
      event: 'message.created',
      orderingKey: randomUUID(),
      position: 1_764_000_000_123_456,
      payload: '{"id":"d1"}',
      status: 'delivered',
      attempts: 2,
      nextAttemptAt: at(1000),
      lockedUntil: at(2000),
      lastAttemptAt: at(3000),
      deliveredAt: at(4000),
      responseStatus: 204,
      responseBody: 'ok',
      error: 'connect ECONNREFUSED',
    }),
    patch: { status: 'pending', nextAttemptAt: null, error: null },
  }),
  crudCase('integration_api_keys', (m) => m.IntegrationApiKey, {
    full: async (f) => ({
      name: 'CRM bot',
      keyHash: f.tokenHash(),
      keyPrefix: 'prl_0123abcd',
      scopes: ['conversations:read', 'messages:write'],
      createdBy: (await f.user()).id,
      lastUsedAt: at(1000),
      revokedAt: at(2000),
    }),
    patch: { revokedAt: null, scopes: ['analytics:read'] },
  }),
  crudCase('email_outbox', (m) => m.EmailOutboxEntry, {
    full: async (f) => ({
      kind: 'transcript',
      toAddress: 'visitor@example.test',
      replyTo: 'reply+0123@chat.example.test',
      unsubscribeUrl: 'https://chat.example.test/api/v1/email/unsubscribe?token=0123',
      sessionId: (await f.session()).id,
      subject: 'Your conversation',
      textBody: 'Hi',
      htmlBody: '<p>Hi</p>',
      status: 'sent',
      attempts: 2,
      nextAttemptAt: at(1000),
      lockedUntil: at(2000),
      lastError: 'connect ECONNREFUSED',
      sentAt: at(3000),
    }),
    patch: { status: 'pending', sentAt: null },
  }),
];
