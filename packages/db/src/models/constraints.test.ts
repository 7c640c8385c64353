import { beforeAll, describe, expect, it } from 'vitest';
import {
  ForeignKeyConstraintError,
  UniqueConstraintError,
  type Model,
  type ModelStatic,
} from 'sequelize';
import { DATABASE_KINDS } from '@parley/test-kit';
import { useMigratedDatabase } from '../test-support/migrated-database.ts';
import { createModelFactory, type ModelFactory } from '../test-support/model-factory.ts';

/** Each creates a first row, then returns how to create its duplicate. */
const DUPLICATES: Array<[string, (f: ModelFactory) => Promise<() => Promise<unknown>>]> = [
  [
    'users.email',
    async (f) => {
      const user = await f.user({ email: 'ada@example.test' });
      return () => f.user({ email: ` ${user.email.toUpperCase()}` });
    },
  ],
  [
    'widget_configs.widget_key',
    async (f) => {
      const widget = await f.widget();
      return () => f.widget({ widgetKey: widget.widgetKey });
    },
  ],
  [
    'chat_messages (session_id, seq)',
    async (f) => {
      const message = await f.message();
      return () => f.message({ sessionId: message.sessionId, seq: message.seq });
    },
  ],
  [
    'chat_messages (client_id, session_id)',
    async (f) => {
      const message = await f.message({ clientId: 'c-1' });
      return () => f.message({ sessionId: message.sessionId, clientId: 'c-1' });
    },
  ],
  [
    'visitors (widget_id, external_id)',
    async (f) => {
      const visitor = await f.visitor({ externalId: 'customer-42' });
      return () => f.visitor({ widgetId: visitor.widgetId, externalId: 'customer-42' });
    },
  ],
  [
    'refresh_tokens.token_hash',
    async (f) => {
      const user = await f.user();
      const tokenHash = f.tokenHash();
      const token = () => f.refreshToken({ userId: user.id, tokenHash });
      await token();
      return token;
    },
  ],
  [
    'ai_response_cache.cache_key',
    async (f) => {
      const cacheKey = f.unique('key');
      await f.cachedResponse({ cacheKey });
      return () => f.cachedResponse({ cacheKey });
    },
  ],
  [
    'message_feedback (message_id, visitor_id)',
    async (f) => {
      const session = await f.session();
      const message = await f.message({ sessionId: session.id });
      const rate = () => f.feedback({ messageId: message.id, visitorId: session.visitorId });
      await rate();
      return rate;
    },
  ],
  [
    'knowledge_chunks (knowledge_base_id, position)',
    async (f) => {
      const chunk = await f.chunk();
      return () => f.chunk({ knowledgeBaseId: chunk.knowledgeBaseId, position: chunk.position });
    },
  ],
];

describe.each(DATABASE_KINDS)('constraints on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  let f: ModelFactory;
  beforeAll(() => {
    f = createModelFactory(database().models);
  });

  describe('unique', () => {
    it.each(DUPLICATES)('rejects a second row with the same %s', async (_name, setUp) => {
      const createDuplicate = await setUp(f);
      await expect(createDuplicate()).rejects.toBeInstanceOf(UniqueConstraintError);
    });

    it('allows what only looks alike: other sessions, other widgets, NULLs', async () => {
      const { ChatMessage, Visitor } = database().models;
      const session = await f.session();
      const other = await f.session({ widgetId: session.widgetId });
      await f.message({ sessionId: session.id, seq: 1, clientId: 'c-1' });
      await f.message({ sessionId: other.id, seq: 1, clientId: 'c-1' });
      // AI and system messages carry no client id.
      await f.message({ sessionId: session.id, seq: 2, senderType: 'ai', clientId: null });
      await f.message({ sessionId: session.id, seq: 3, senderType: 'ai', clientId: null });
      expect(await ChatMessage.count({ where: { sessionId: session.id } })).toBe(3);

      const widget = await f.widget();
      await f.visitor({ widgetId: widget.id, externalId: 'customer-42' });
      await f.visitor({ externalId: 'customer-42' });
      // Anonymous visitors have no external id.
      await f.visitor({ widgetId: widget.id, externalId: null });
      await f.visitor({ widgetId: widget.id, externalId: null });
      expect(await Visitor.count({ where: { widgetId: widget.id } })).toBe(3);
    });
  });

  it('keeps the clientId index in time order: it leads with client_id, which clients make time-first', async () => {
    // Led by session_id, each message of a batch took a page of its own in this index (about a
    // third of what a SQLite batch wrote): see docs/decisions/0009-group-commit.md.
    const indexes = (await database()
      .sequelize.getQueryInterface()
      .showIndex('chat_messages')) as Array<{
      name: string;
      unique: boolean;
      fields: Array<{ attribute: string }>;
    }>;
    const byClient = indexes.filter((index) =>
      index.fields.some((field) => field.attribute === 'client_id'),
    );
    expect(
      byClient.map((index) => ({
        unique: Boolean(index.unique),
        fields: index.fields.map((field) => field.attribute),
      })),
    ).toEqual([{ unique: true, fields: ['client_id', 'session_id'] }]);
  });

  it('compares keys and external ids exactly: case and trailing spaces make another value', async () => {
    const { Visitor, WidgetConfig, ChatMessage } = database().models;
    const widget = await f.widget();
    await f.visitor({ widgetId: widget.id, externalId: 'alice' });
    await f.visitor({ widgetId: widget.id, externalId: 'Alice' });
    await f.visitor({ widgetId: widget.id, externalId: 'alice ' });
    expect(await Visitor.count({ where: { widgetId: widget.id, externalId: 'alice' } })).toBe(1);

    expect(
      await WidgetConfig.findOne({ where: { widgetKey: widget.widgetKey.toUpperCase() } }),
    ).toBeNull();

    const session = await f.session();
    await f.message({ sessionId: session.id, seq: 1, clientId: 'tab-a' });
    await f.message({ sessionId: session.id, seq: 2, clientId: 'TAB-A' });
    expect(await ChatMessage.count({ where: { sessionId: session.id } })).toBe(2);
  });

  it('rejects a row pointing at a parent that does not exist', async () => {
    const widget = await f.widget();
    await widget.destroy();
    await expect(f.visitor({ widgetId: widget.id })).rejects.toBeInstanceOf(
      ForeignKeyConstraintError,
    );
  });

  describe('on delete', () => {
    it('deleting a widget deletes its visitors, sessions, messages and feedback only', async () => {
      const { Visitor, ChatSession, ChatMessage, MessageFeedback } = database().models;
      const [doomed, kept] = [await f.conversation(), await f.conversation()];
      await doomed.widget.destroy();

      const rows: Array<[ModelStatic<Model>, string, string]> = [
        [Visitor, doomed.visitor.id, kept.visitor.id],
        [ChatSession, doomed.session.id, kept.session.id],
        [ChatMessage, doomed.message.id, kept.message.id],
        [MessageFeedback, doomed.feedback.id, kept.feedback.id],
      ];
      for (const [model, gone, still] of rows) {
        expect(await model.findByPk(gone), `${model.name} of the deleted widget`).toBeNull();
        expect(await model.findByPk(still), `${model.name} of the other widget`).not.toBeNull();
      }
    });

    it('deleting a session deletes its messages, feedback and flags; logs lose the link', async () => {
      const { ChatMessage, MessageFeedback, FlaggedContent, AiInteractionLog, Visitor } =
        database().models;
      const { session, message, feedback, visitor } = await f.conversation();
      const flag = await f.flag({ sessionId: session.id, contentId: message.id });
      const log = await f.interactionLog({ sessionId: session.id, visitorId: visitor.id });
      await session.destroy();

      expect(await ChatMessage.findByPk(message.id)).toBeNull();
      expect(await MessageFeedback.findByPk(feedback.id)).toBeNull();
      expect(await FlaggedContent.findByPk(flag.id)).toBeNull();
      const keptLog = await AiInteractionLog.findByPk(log.id);
      expect(keptLog?.sessionId).toBeNull();
      expect(keptLog?.visitorId).toBe(visitor.id);
      expect(await Visitor.findByPk(visitor.id)).not.toBeNull();
    });

    it('deleting a user unassigns their sessions and deletes their tokens and notifications', async () => {
      const { ChatSession, RefreshToken, Notification, FlaggedContent } = database().models;
      const agent = await f.user();
      const session = await f.session({ assignedUserId: agent.id, status: 'agent' });
      const token = await f.refreshToken({ userId: agent.id });
      const notification = await f.notification({ userId: agent.id });
      const flag = await f.flag({ reportedBy: agent.id, reporterType: 'user' });
      await agent.destroy();

      const kept = await ChatSession.findByPk(session.id);
      expect(kept).not.toBeNull();
      expect(kept?.assignedUserId).toBeNull();
      expect(kept?.status).toBe('agent');
      expect(await RefreshToken.findByPk(token.id)).toBeNull();
      expect(await Notification.findByPk(notification.id)).toBeNull();
      expect((await FlaggedContent.findByPk(flag.id))?.reportedBy).toBeNull();
    });

    it('deleting a knowledge base deletes its chunks, not those of another', async () => {
      const { KnowledgeBaseConfig, KnowledgeChunk } = database().models;
      const [doomed, kept] = [await f.chunk(), await f.chunk()];
      await KnowledgeBaseConfig.destroy({ where: { id: doomed.knowledgeBaseId } });
      expect(await KnowledgeChunk.findByPk(doomed.id)).toBeNull();
      expect(await KnowledgeChunk.findByPk(kept.id)).not.toBeNull();
    });

    it('deleting a context rule unlinks widgets and sessions and drops its cached answers', async () => {
      const { WidgetConfig, ChatSession, AiResponseCache } = database().models;
      const rule = await f.contextRule();
      const widget = await f.widget({ contextRuleId: rule.id });
      const session = await f.session({ widgetId: widget.id, contextRuleId: rule.id });
      const cached = await f.cachedResponse({ contextRuleId: rule.id });
      await rule.destroy();

      expect((await WidgetConfig.findByPk(widget.id))?.contextRuleId).toBeNull();
      expect((await ChatSession.findByPk(session.id))?.contextRuleId).toBeNull();
      expect(await AiResponseCache.findByPk(cached.id)).toBeNull();
    });

    it('deleting an API key keeps its usage records, unlinked', async () => {
      const { ApiKeyUsage } = database().models;
      const key = await f.apiKey();
      const usage = await f.apiKeyUsage({ apiKeyId: key.id });
      await key.destroy();
      const kept = await ApiKeyUsage.findByPk(usage.id);
      expect(kept).not.toBeNull();
      expect(kept?.apiKeyId).toBeNull();
    });
  });
});
