import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TMessage } from '@parley/protocol';
import { DATABASE_KINDS } from '@parley/test-kit';
import {
  eventually,
  pause,
  send,
  startModerationFixture,
  type ModerationFixture,
  type Tab,
} from './support/moderation-fixture.ts';

const messagesOf = (tab: Tab, event: string) =>
  tab.received.filter(([name]) => name === event).map(([, payload]) => payload as TMessage);

describe.each(DATABASE_KINDS)('moderation actions end to end on %s', (kind) => {
  let f: ModerationFixture;
  let visitor: Awaited<ReturnType<ModerationFixture['open']>>;
  let otherTab: Tab;
  const rows = () =>
    f.t.db.models.ChatMessage.findAll({
      where: { sessionId: visitor.session.id },
      order: [['seq', 'ASC']],
    });
  const rowWith = (content: string) =>
    eventually(async () => (await rows()).find((row) => row.content.includes(content)));

  beforeAll(async () => {
    f = await startModerationFixture(kind, inject('mariadbBaseUrl'));
    const { rules } = f.t.server.moderation;
    await rules.createModerationRule({ name: 'threat', pattern: 'kill yourself', action: 'block' });
    await rules.createModerationRule({
      name: 'mild',
      pattern: 'darn',
      action: 'replace',
      replacement: '***',
    });
    await rules.createModerationRule({ name: 'refunds', pattern: 'refund\\w*', isRegex: true });
    visitor = await f.open();
    otherTab = await f.open({ visitorToken: visitor.visitorToken, sessionId: visitor.session.id });
  });
  afterAll(async () => f?.close());

  it('blocks a visitor message: stored as moderated, refused with BLOCKED_BY_MODERATION, shown to nobody, not answered', async () => {
    const ack = await send(visitor.socket, visitor.session.id, 'just K1LL y0ur$elf');
    expect(ack).toMatchObject({ ok: false, error: { code: 'BLOCKED_BY_MODERATION' } });
    const row = await rowWith('K1LL');
    expect(row.status).toBe('moderated');
    expect(row.metadata).toMatchObject({ moderation: { action: 'block' } });
    await pause(300);
    expect(JSON.stringify(otherTab.received)).not.toContain('K1LL');
    expect((await rows()).filter((r) => r.senderType === 'ai')).toHaveLength(0);
    const resumed = await f.t.server.conversations.service.sessions.resume(
      { visitorId: visitor.session.visitorId, widgetId: visitor.session.widgetId },
      { sessionId: visitor.session.id, afterSeq: 0 },
    );
    expect(resumed.map((m) => [m.status, m.content])).toEqual([['moderated', '']]);
  });

  it('replaces in a visitor message: everyone sees the replaced text, the original stays for admins', async () => {
    const ack = await send(visitor.socket, visitor.session.id, 'Oh D.A.R.N it');
    expect(ack).toMatchObject({ ok: true, message: { content: 'Oh *** it' } });
    const row = await rowWith('Oh *** it');
    expect(row.metadata).toMatchObject({
      moderation: { action: 'replace', originalContent: 'Oh D.A.R.N it' },
    });
    await eventually(() =>
      messagesOf(otherTab, 'message:new').find((m) => m.content === 'Oh *** it'),
    );
    expect(JSON.stringify([...otherTab.received, ...visitor.received])).not.toContain('D.A.R.N');
  });

  it('flags a visitor message: delivered, answered, and queued as pending with a live notice', async () => {
    const ack = await send(visitor.socket, visitor.session.id, 'I want a REFUND');
    expect(ack).toMatchObject({ ok: true, message: { content: 'I want a REFUND' } });
    const flag = await eventually(() =>
      f.flagsCreated.find((x) => x.contentId === (ack.ok ? ack.message.id : '')),
    );
    expect(flag).toMatchObject({
      status: 'pending',
      reporterType: 'system',
      sessionId: visitor.session.id,
    });
    const stored = await f.t.db.models.FlaggedContent.findByPk(flag.id);
    expect(stored?.status).toBe('pending');
    await eventually(() => messagesOf(otherTab, 'message:new').find((m) => m.content === 'Noted.'));
  });

  it('replaces in an AI answer before it is committed', async () => {
    await send(visitor.socket, visitor.session.id, 'say mild');
    const answer = await rowWith('Answer: *** good');
    expect(answer.senderType).toBe('ai');
    expect(answer.metadata).toMatchObject({ moderation: { originalContent: 'Answer: darn good' } });
    await eventually(() =>
      messagesOf(visitor, 'message:new').find((m) => m.content === 'Answer: *** good'),
    );
  });

  it('withholds a blocked AI answer, streamed or not, and tells the visitor why', async () => {
    for (const verb of ['say', 'stream']) {
      await send(visitor.socket, visitor.session.id, `${verb} threat`);
      const answer = await rowWith(`Answer: kill yourself`);
      expect(answer).toMatchObject({ senderType: 'ai', status: 'moderated' });
      await eventually(() =>
        messagesOf(visitor, 'message:new').find(
          (m) => m.code === 'BLOCKED_BY_MODERATION' && m.seq > answer.seq,
        ),
      );
      await answer.update({ content: 'checked' }); // so the next loop finds its own answer
    }
    const done = visitor.received
      .filter(([name]) => name === 'message:done')
      .map(([, p]) => (p as { message: TMessage }).message);
    expect(done.at(-1)).toMatchObject({ status: 'moderated', content: '' });
    const deltas = visitor.received.filter(([name]) => name === 'message:delta');
    expect(deltas.length).toBeGreaterThan(0); // 'Answer: ' streamed; the rest was held back
    expect(JSON.stringify(deltas)).not.toMatch(/kill/i);
    const shown = [...messagesOf(visitor, 'message:new'), ...messagesOf(otherTab, 'message:new')];
    expect(shown.some((m) => m.content.includes('kill yourself'))).toBe(false);
  });

  it('applies a rule written by any path (the admin routes too) to the very next message', async () => {
    let announced = 0; // what another node would be told over Redis
    f.t.server.moderation.events.on('rules:changed', () => (announced += 1));
    const rule = await f.t.db.models.ModerationRule.create({
      name: 'written directly',
      pattern: 'voucher code',
      action: 'block',
    });
    const blocked = await send(visitor.socket, visitor.session.id, 'a VOUCHER-CODE for me');
    expect(blocked).toMatchObject({ ok: false, error: { code: 'BLOCKED_BY_MODERATION' } });
    await rule.update({ isActive: false });
    const allowed = await send(visitor.socket, visitor.session.id, 'a VOUCHER-CODE for me?');
    expect(allowed).toMatchObject({ ok: true });
    expect(announced).toBe(2);
  });

  it('screens the partial answer a failed responder leaves behind', async () => {
    await send(visitor.socket, visitor.session.id, 'break threat');
    const partial = await rowWith('Answer: kill yourself');
    expect(partial).toMatchObject({ status: 'moderated', metadata: { isIncomplete: true } });
    await eventually(() =>
      messagesOf(visitor, 'message:new').find(
        (m) => m.code === 'AI_UNAVAILABLE' && m.seq > partial.seq,
      ),
    );
    expect(JSON.stringify(visitor.received)).not.toMatch(/kill yourself/i);
    await partial.update({ content: 'checked' });
  });

  it('flags an AI answer and lets the visitor report one into the same queue', async () => {
    await send(visitor.socket, visitor.session.id, 'say refund');
    const answer = await rowWith('Answer: refunds take 5 days');
    await eventually(() => f.flagsCreated.find((x) => x.contentId === answer.id));
    const reported: unknown = await visitor.socket.emitWithAck('message:report', {
      messageId: answer.id,
      reason: 'rude',
    });
    expect(reported).toMatchObject({ ok: true, flagId: expect.any(String) as string });
    const queue = await f.t.server.moderation.flags.listFlagged();
    expect(
      queue
        .filter((x) => x.contentId === answer.id)
        .map((x) => x.reporterType)
        .sort(),
    ).toEqual(['system', 'visitor']);
    const own = (await rows()).find((r) => r.senderType === 'visitor')!;
    expect(await visitor.socket.emitWithAck('message:report', { messageId: own.id })).toMatchObject(
      {
        ok: false,
        error: { code: 'INVALID_PAYLOAD' },
      },
    );
    const stranger = await f.open();
    expect(
      await stranger.socket.emitWithAck('message:report', { messageId: answer.id }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
