import { createHash, randomUUID } from 'node:crypto';
import type { CreationAttributes, Model, ModelStatic } from 'sequelize';
import type {
  ApiKeyUsage,
  ChatMessage,
  ChatSession,
  FlaggedContent,
  KnowledgeChunk,
  MessageFeedback,
  Models,
  Notification,
  RefreshToken,
  Visitor,
  WebhookDelivery,
} from '../models/index.ts';

export type ModelFactory = ReturnType<typeof createModelFactory>;

type Overrides<M extends Model> = Partial<CreationAttributes<M>>;

/**
 * Creates rows with only their required fields, and their parents when not given, so a test
 * names just what it checks. Unique columns get a fresh value on each call.
 */
export function createModelFactory(models: Models) {
  let counter = 0;
  const unique = (prefix: string): string => `${prefix}-${++counter}-${randomUUID().slice(0, 8)}`;
  const tokenHash = (): string => createHash('sha256').update(unique('token')).digest('hex');

  /** A creator for a model without required parents. */
  const plain =
    <M extends Model>(model: ModelStatic<M>, defaults: () => CreationAttributes<M>) =>
    (overrides: Overrides<M> = {}): Promise<M> =>
      model.create({ ...defaults(), ...overrides });

  const user = plain(models.User, () => ({
    email: `${unique('user')}@example.test`,
    fullName: 'Ada Agent',
  }));
  const contextRule = plain(models.ContextRule, () => ({ name: 'Docs', contextType: 'docs' }));
  const widget = plain(models.WidgetConfig, () => ({ widgetKey: unique('wk'), name: 'Site' }));
  const knowledgeBase = plain(models.KnowledgeBaseConfig, () => ({
    name: 'Handbook',
    sourceType: 'text' as const,
  }));
  const apiKey = plain(models.ApiKey, () => ({ service: 'openai', keyValue: 'ciphertext' }));
  const cachedResponse = plain(models.AiResponseCache, () => ({
    cacheKey: unique('cache'),
    query: 'how do i return an item',
    response: 'Returns are free within 30 days.',
    modelUsed: 'gpt-4o-mini',
    expiresAt: new Date(Date.now() + 86_400_000),
  }));
  const interactionLog = plain(models.AiInteractionLog, () => ({
    query: 'Can I pay by invoice?',
    response: 'Yes.',
    modelUsed: 'gpt-4o-mini',
    decision: 'answered' as const,
  }));

  const visitor = async (overrides: Overrides<Visitor> = {}) =>
    models.Visitor.create({ widgetId: overrides.widgetId ?? (await widget()).id, ...overrides });

  const session = async (overrides: Overrides<ChatSession> = {}) => {
    const widgetId = overrides.widgetId ?? (await widget()).id;
    const visitorId = overrides.visitorId ?? (await visitor({ widgetId })).id;
    return models.ChatSession.create({ ...overrides, widgetId, visitorId });
  };

  let seq = 0;
  const message = async (overrides: Overrides<ChatMessage> = {}) =>
    models.ChatMessage.create({
      sessionId: overrides.sessionId ?? (await session()).id,
      seq: ++seq,
      senderType: 'visitor',
      content: 'Hello?',
      ...overrides,
    });

  const feedback = (
    target: Pick<CreationAttributes<MessageFeedback>, 'messageId' | 'visitorId'>,
    overrides: Overrides<MessageFeedback> = {},
  ) => models.MessageFeedback.create({ rating: 'up', ...target, ...overrides });

  let position = 0;
  const chunk = async (overrides: Overrides<KnowledgeChunk> = {}) =>
    models.KnowledgeChunk.create({
      knowledgeBaseId: overrides.knowledgeBaseId ?? (await knowledgeBase()).id,
      position: ++position,
      content: 'Returns are free within 30 days.',
      ...overrides,
    });

  const refreshToken = async (overrides: Overrides<RefreshToken> = {}) =>
    models.RefreshToken.create({
      userId: overrides.userId ?? (await user()).id,
      tokenHash: tokenHash(),
      familyId: randomUUID(),
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
      ...overrides,
    });

  const notification = async (overrides: Overrides<Notification> = {}) =>
    models.Notification.create({
      userId: overrides.userId ?? (await user()).id,
      title: 'Chat handed off',
      message: 'A visitor asked for a human.',
      ...overrides,
    });

  const flag = (overrides: Overrides<FlaggedContent> = {}) =>
    models.FlaggedContent.create({
      contentId: randomUUID(),
      contentType: 'message',
      reason: 'Matched a moderation rule',
      ...overrides,
    });

  const apiKeyUsage = (overrides: Overrides<ApiKeyUsage> = {}) =>
    models.ApiKeyUsage.create({
      service: 'openai',
      endpoint: '/chat/completions',
      responseTimeMs: 250,
      statusCode: 200,
      ...overrides,
    });

  const webhook = plain(models.Webhook, () => ({
    url: 'https://hooks.example.test/parley',
    events: ['message.created'],
    secret: unique('whsec'),
  }));

  const webhookDelivery = async (overrides: Overrides<WebhookDelivery> = {}) =>
    models.WebhookDelivery.create({
      webhookId: overrides.webhookId ?? (await webhook()).id,
      event: 'message.created',
      position: ++position,
      payload: '{}',
      ...overrides,
    });

  /** A widget with one visitor, one session, one message and feedback on it. */
  const conversation = async () => {
    const w = await widget();
    const v = await visitor({ widgetId: w.id });
    const s = await session({ widgetId: w.id, visitorId: v.id });
    const m = await message({ sessionId: s.id });
    const fb = await feedback({ messageId: m.id, visitorId: v.id });
    return { widget: w, visitor: v, session: s, message: m, feedback: fb };
  };

  return {
    unique,
    tokenHash,
    user,
    contextRule,
    widget,
    visitor,
    session,
    message,
    feedback,
    conversation,
    knowledgeBase,
    chunk,
    cachedResponse,
    interactionLog,
    refreshToken,
    notification,
    flag,
    apiKey,
    apiKeyUsage,
    webhook,
    webhookDelivery,
    promptTemplate: plain(models.PromptTemplate, () => ({
      name: 'Support',
      template: 'Answer: {{question}}',
    })),
    moderationRule: plain(models.ModerationRule, () => ({ name: 'Profanity', pattern: 'darn' })),
  };
}
