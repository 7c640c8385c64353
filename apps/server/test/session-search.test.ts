import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { TSessionPage } from '@parley/protocol';
import type { ConversationResponder } from '../src/features/conversations/conversation-responder.ts';
import { api, createAgent, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { serverPerTest } from './support/server-per-test.ts';
import { ask, askOk, connectWidget } from './support/widget-client.ts';

/** An assistant that stays silent, so only visitors write. */
const silent: ConversationResponder = { respond: () => Promise.resolve() };
const page = { url: 'https://shop.example.com/help', title: 'Help' };

/** `GET /sessions?q=` as the inbox searches: which sessions mention the text. */
describe.each(DATABASE_KINDS)('searching conversations on %s', (kind) => {
  const env = serverPerTest(kind, { responder: silent });

  /** A conversation whose visitor wrote `contents` in turn; the first becomes its title. */
  const conversation = async (widgetKey: string, contents: string[]) => {
    const visitor = env.track(await connectWidget(env.t.url, { widgetKey }));
    const { session } = await askOk(visitor, 'session:start', { page });
    for (const [i, content] of contents.entries())
      await askOk(visitor, 'message:send', { sessionId: session.id, clientId: `${i}`, content });
    return { id: session.id, visitor };
  };
  const search = async (token: string, q: string) => {
    const found = await api<TSessionPage>(
      env.t.url,
      `GET /api/v1/sessions?q=${encodeURIComponent(q)}`,
      { token },
    );
    expect(found.status).toBe(200);
    return found.body.items.map((s) => s.id);
  };

  it('finds % and _ as typed, in titles and in later messages, and never as wildcards', async () => {
    const { accessToken: token } = await setupAdmin(env.t.url);
    const { widgetKey } = await seedWidget(env.t.db);
    const percent = await conversation(widgetKey, ['Can I get a 100% refund?']);
    const underscore = await conversation(widgetKey, ['Hello', 'Is the code a_b still valid?']);
    const lookalikes = await conversation(widgetKey, ['Hello', '1000 of axb, 100 refunds']);

    expect(await search(token, '100%')).toEqual([percent.id]);
    expect(await search(token, 'a_b')).toEqual([underscore.id]);
    expect(await search(token, '%')).toEqual([percent.id]);
    expect(await search(token, '_')).toEqual([underscore.id]);
    expect(new Set(await search(token, 'refund'))).toEqual(new Set([percent.id, lookalikes.id]));
  });

  it('never finds text moderation blocked, while the rest of the conversation is found', async () => {
    const admin = await setupAdmin(env.t.url);
    const rule = await api(env.t.url, 'POST /api/v1/moderation-rules', {
      token: admin.accessToken,
      body: { name: 'vouchers', pattern: 'voucher code', action: 'block' },
    });
    expect(rule.status).toBe(201);
    const { accessToken: agent } = await createAgent(env.t.url, admin.accessToken);
    const { widgetKey } = await seedWidget(env.t.db);
    const { id, visitor } = await conversation(widgetKey, ['Hello', 'Where is parcel 4411?']);
    const blocked = 'my voucher code is SECRET-7731';
    expect(
      await ask(visitor, 'message:send', { sessionId: id, clientId: 'b', content: blocked }),
    ).toMatchObject({ ok: false, error: { code: 'BLOCKED_BY_MODERATION' } });
    // Stored for the moderators' review, blanked everywhere else.
    expect(await env.t.db.models.ChatMessage.count({ where: { content: blocked } })).toBe(1);

    for (const token of [agent, admin.accessToken]) {
      expect(await search(token, 'SECRET-77')).toEqual([]);
      expect(await search(token, 'my voucher')).toEqual([]);
      expect(await search(token, 'parcel 4411')).toEqual([id]);
    }
  });
});
