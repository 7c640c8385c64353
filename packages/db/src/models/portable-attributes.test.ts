import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { JsonObject } from './index.ts';
import { useMigratedDatabase } from '../test-support/migrated-database.ts';
import { createModelFactory, type ModelFactory } from '../test-support/model-factory.ts';

const NESTED: JsonObject = {
  plan: { name: 'pro', seats: 12, limits: { messages: 10_000, ratio: 0.25 } },
  tags: ['vip', 'beta'],
  matrix: [
    [1, 2],
    [3, [4, { deep: true }]],
  ],
  missing: null,
  flags: { isTrial: false },
};
const UNICODE: JsonObject = {
  greeting: 'こんにちは 👋 — «ça va ?» Zoë, Ångström, Привет, مرحبا',
  escapes: 'quote " backslash \\ newline \n tab \t',
  '键 with spaces': '🧪',
};

describe.each(DATABASE_KINDS)('column types on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  let f: ModelFactory;
  beforeAll(() => {
    f = createModelFactory(database().models);
  });

  describe('JSON columns read back as values, never as text', () => {
    it.each([
      ['nested objects and arrays', NESTED],
      ['unicode and escapes', UNICODE],
      ['an empty object', {}],
    ])('%s', async (_label, attributes) => {
      const { Visitor, WidgetConfig } = database().models;
      const visitor = await f.visitor({ attributes });

      const found = await Visitor.findByPk(visitor.id);
      expect(typeof found?.attributes).toBe('object');
      expect(found?.attributes).toEqual(attributes);

      const [listed] = await Visitor.findAll({ where: { id: visitor.id } });
      expect(listed?.attributes).toEqual(attributes);

      const widget = await WidgetConfig.findByPk(visitor.widgetId, { include: ['visitors'] });
      expect(widget?.visitors?.[0]?.attributes).toEqual(attributes);

      // What an API handler sends: serialised once, not a string inside the JSON.
      expect(JSON.parse(JSON.stringify(found))).toMatchObject({ attributes });
    });

    it('arrays: strings, objects and the empty array', async () => {
      const { WidgetConfig } = database().models;
      const rule = await f.contextRule();
      const routes = [
        { pattern: '/docs/*', contextRuleId: rule.id },
        { pattern: '/blog/é/*', contextRuleId: rule.id },
      ];
      const widget = await f.widget({ allowedOrigins: ['https://a.test'], contextRoutes: routes });
      const empty = await f.widget({ allowedOrigins: [], contextRoutes: [] });

      const found = await WidgetConfig.findByPk(widget.id);
      expect(found?.allowedOrigins).toEqual(['https://a.test']);
      expect(found?.contextRoutes).toEqual(routes);
      const foundEmpty = await WidgetConfig.findByPk(empty.id);
      expect(foundEmpty?.allowedOrigins).toEqual([]);
      expect(foundEmpty?.contextRoutes).toEqual([]);
    });

    it('null is SQL NULL and reads back as null; updates replace the value', async () => {
      const { Visitor } = database().models;
      const visitor = await f.visitor({ attributes: null });
      expect((await Visitor.findByPk(visitor.id))?.attributes).toBeNull();
      expect(await Visitor.count({ where: { id: visitor.id, attributes: null } })).toBe(1);

      await visitor.update({ attributes: { plan: 'team' } });
      expect((await Visitor.findByPk(visitor.id))?.attributes).toEqual({ plan: 'team' });
    });

    it('parses JSON that a driver hands back as text (MariaDB before 10.5)', () => {
      const { ChatMessage } = database().models;
      // Sequelize builds every fetched row this way; a string here is what an old server sends.
      const row = ChatMessage.build(
        { id: 'm1', metadata: '{"sources":[{"title":"Ünïcode"}]}' } as never,
        { raw: true, isNewRecord: false },
      );
      expect(row.metadata).toEqual({ sources: [{ title: 'Ünïcode' }] });
      expect(row.get({ plain: true }).metadata).toEqual({ sources: [{ title: 'Ünïcode' }] });
    });
  });

  describe('numbers', () => {
    it.each([
      [0.001234, 0.001234],
      [0, 0],
      [123456.654321, 123456.654321],
      [999999.999999, 999999.999999],
      [1.2345678, 1.234568],
      [null, null],
    ])('estimatedCost %s reads back as the number %s', async (written, expected) => {
      const { AiInteractionLog } = database().models;
      const log = await AiInteractionLog.create({
        query: 'q',
        response: 'r',
        modelUsed: 'm',
        decision: 'answered',
        estimatedCost: written,
      });
      const found = await AiInteractionLog.findByPk(log.id);
      expect(found?.estimatedCost).toBe(expected);
      expect(log.estimatedCost).toBe(expected);
    });

    it('knowledgeThreshold keeps the two decimals an admin types', async () => {
      const { ContextRule } = database().models;
      for (const threshold of [0.05, 0.35, 0.7, 1]) {
        const rule = await f.contextRule({ knowledgeThreshold: threshold });
        expect((await ContextRule.findByPk(rule.id))?.knowledgeThreshold).toBe(threshold);
      }
    });
  });

  describe('dates', () => {
    it('keep milliseconds and the exact instant, across daylight-saving changes', async () => {
      const { ChatSession } = database().models;
      const instants = [
        '2026-03-29T01:30:00.123Z',
        '2026-10-25T00:59:59.999Z',
        '2000-01-01T00:00:00.001Z',
      ];
      for (const iso of instants) {
        const session = await f.session({ lastMessageAt: new Date(iso) });
        const found = await ChatSession.findByPk(session.id);
        expect(found?.lastMessageAt).toBeInstanceOf(Date);
        expect(found?.lastMessageAt.toISOString()).toBe(iso);
      }
    });

    it('the model sets timestamps and "now" defaults, to the millisecond', async () => {
      const { Visitor } = database().models;
      const before = Date.now();
      const visitor = await f.visitor();
      const after = Date.now();
      const found = await Visitor.findByPk(visitor.id);
      for (const value of [
        found?.createdAt,
        found?.updatedAt,
        found?.firstSeenAt,
        found?.lastSeenAt,
      ]) {
        expect(value).toBeInstanceOf(Date);
        expect(value!.getTime()).toBeGreaterThanOrEqual(before);
        expect(value!.getTime()).toBeLessThanOrEqual(after);
      }
      expect(found?.createdAt.getTime()).toBe(visitor.createdAt.getTime());
    });

    it('messages written in quick succession sort by createdAt in the order written', async () => {
      const { ChatMessage } = database().models;
      const session = await f.session();
      const written = [];
      for (let seq = 1; seq <= 5; seq++) {
        written.push(await f.message({ sessionId: session.id, seq }));
        // Written 2 ms apart on purpose: the millisecond precision of createdAt is under test.
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const found = await ChatMessage.findAll({
        where: { sessionId: session.id },
        order: [['createdAt', 'DESC']],
      });
      expect(found.map((m) => m.seq)).toEqual([5, 4, 3, 2, 1]);
    });
  });
});
