import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TMessage, TVisitorBanned } from '@parley/protocol';
import { DATABASE_KINDS } from '@parley/test-kit';
import {
  eventually,
  pause,
  send,
  startModerationFixture,
  type ModerationFixture,
} from './support/moderation-fixture.ts';
import { ask, refusalOf } from './support/widget-client.ts';

describe.each(DATABASE_KINDS)('moderation review and bans on %s', (kind) => {
  let f: ModerationFixture;

  beforeAll(async () => {
    f = await startModerationFixture(kind, inject('mariadbBaseUrl'));
    await f.t.server.moderation.rules.createModerationRule({
      name: 'refunds',
      pattern: 'refund',
      action: 'flag',
    });
  });
  afterAll(async () => f?.close());

  /** A new visitor whose message got flagged; returns the tab and the flag. */
  const flaggedVisitor = async () => {
    const tab = await f.open();
    const ack = await send(tab.socket, tab.session.id, 'refund please');
    if (!ack.ok) throw new Error('the message was refused');
    const flag = await eventually(() => f.flagsCreated.find((x) => x.contentId === ack.message.id));
    return { tab, flag, message: ack.message };
  };

  it('approve keeps the message and closes the item', async () => {
    const { tab, flag } = await flaggedVisitor();
    const { flag: reviewed } = await f.t.server.moderation.flags.reviewFlagged({
      flagId: flag.id,
      decision: 'approve',
      reviewerId: null,
    });
    expect(reviewed).toMatchObject({
      status: 'approved',
      reviewedAt: expect.any(String) as string,
    });
    await pause(200);
    expect(tab.received.some(([name]) => name === 'message:update')).toBe(false);
    expect((await f.t.server.moderation.flags.listFlagged()).map((x) => x.id)).not.toContain(
      flag.id,
    );
    await expect(
      f.t.server.moderation.flags.reviewFlagged({
        flagId: flag.id,
        decision: 'reject',
        reviewerId: null,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('reject hides the message in the visitor’s open widget, live', async () => {
    const { tab, flag, message } = await flaggedVisitor();
    await f.t.server.moderation.flags.reviewFlagged({
      flagId: flag.id,
      decision: 'reject',
      reviewerId: null,
    });
    const update = await eventually(
      () => tab.received.find(([name]) => name === 'message:update')?.[1] as TMessage | undefined,
    );
    expect(update).toMatchObject({ id: message.id, status: 'moderated', content: '' });
    const stored = await f.t.db.models.ChatMessage.findByPk(message.id);
    expect(stored).toMatchObject({ status: 'moderated', content: 'refund please' });
    // The conversation's title was taken from that message: the inbox must not keep showing it.
    const session = await f.t.db.models.ChatSession.findByPk(tab.session.id);
    expect(session?.title).toBeNull();
  });

  it('hiding the message that renamed a conversation drops that title too', async () => {
    const { tab, flag } = await flaggedVisitor();
    const reject = (flagId: string) =>
      f.t.server.moderation.flags.reviewFlagged({ flagId, decision: 'reject', reviewerId: null });
    expect((await send(tab.socket, tab.session.id, 'hello there')).ok).toBe(true);
    await reject(flag.id);
    const title = async () => (await f.t.db.models.ChatSession.findByPk(tab.session.id))?.title;
    expect(await title()).toBeNull();
    // The next visitor message names the conversation again; hiding it drops that name as well.
    const renamed = await send(tab.socket, tab.session.id, 'refund me now');
    if (!renamed.ok) throw new Error('the message was refused');
    expect(await title()).toBe('refund me now');
    const second = await eventually(() =>
      f.flagsCreated.find((x) => x.contentId === renamed.message.id),
    );
    await reject(second.id);
    expect(await title()).toBeNull();
  });

  it('hiding a later message that repeats the first one’s words keeps the title', async () => {
    const { tab } = await flaggedVisitor();
    const again = await send(tab.socket, tab.session.id, 'refund please');
    if (!again.ok) throw new Error('the message was refused');
    const flag = await eventually(() =>
      f.flagsCreated.find((x) => x.contentId === again.message.id),
    );
    await f.t.server.moderation.flags.reviewFlagged({
      flagId: flag.id,
      decision: 'reject',
      reviewerId: null,
    });
    const session = await f.t.db.models.ChatSession.findByPk(tab.session.id);
    expect(session?.title).toBe('refund please');
  });

  it('reject and ban closes the visitor’s sockets with BANNED; they cannot reconnect until the ban expires', async () => {
    const { tab, flag } = await flaggedVisitor();
    const closed = new Promise<string>((resolve) => tab.socket.once('disconnect', resolve));
    const expiresAt = new Date(Date.now() + 2_500);
    await f.t.server.moderation.flags.reviewFlagged({
      flagId: flag.id,
      decision: 'reject_and_ban',
      reviewerId: null,
      banExpiresAt: expiresAt,
    });
    expect(await closed).toBe('io server disconnect');
    const notice = tab.received.find(([name]) => name === 'visitor:banned')?.[1] as TVisitorBanned;
    expect(notice).toMatchObject({ code: 'BANNED', expiresAt: expiresAt.toISOString() });
    const options = { widgetKey: f.widgetKey, visitorToken: tab.visitorToken };
    expect(await refusalOf(f.t.url, options)).toMatchObject({ code: 'BANNED' });
    await pause(expiresAt.getTime() - Date.now() + 100);
    const back = await f.open({ visitorToken: tab.visitorToken, sessionId: tab.session.id });
    expect(await send(back.socket, back.session.id, 'hello again')).toMatchObject({ ok: true });
  });
});

describe.each(DATABASE_KINDS)('adversarial patterns on %s', (kind) => {
  let f: ModerationFixture;
  const patterns = ['(a+)+$', '(.*a){20}', '(a|aa)+$', '([a-z]+)*$'];

  beforeAll(async () => {
    f = await startModerationFixture(kind, inject('mariadbBaseUrl'), {
      MAX_MESSAGE_LENGTH: '10000',
    });
  });
  afterAll(async () => f?.close());

  it('refuses the catastrophic ones when saved, with the reason', async () => {
    const verdicts = await Promise.all(
      patterns.map((pattern) =>
        f.t.server.moderation.rules
          .createModerationRule({ name: pattern, pattern, isRegex: true, action: 'block' })
          .then(
            () => 'saved',
            (error: { code: string; message: string }) => `${error.code}: ${error.message}`,
          ),
      ),
    );
    expect(verdicts[0]).toBe('saved'); // linear on V8's engine: bounded, not refused
    expect(verdicts[1]).toMatch(/^INVALID_PAYLOAD: .*backtracking/);
    expect(verdicts[2]).toBe('saved');
    expect(verdicts[3]).toMatch(/^INVALID_PAYLOAD: .*empty text/);
  });

  it('keeps answering other sockets within 100 ms while 10,000-character adversarial messages are screened', async () => {
    // As if stored before validation existed: every pattern reaches the server's rule cache.
    for (const pattern of patterns)
      await f.t.db.models.ModerationRule.create({
        name: `raw ${pattern}`,
        pattern,
        isRegex: true,
        action: 'block',
      });
    f.t.server.moderation.cache.invalidate();
    const attacker = await f.open();
    const bystander = await f.open();
    const adversarial = `${'a'.repeat(9_999)}!`;
    const latencies: number[] = [];
    let isAttacking = true;
    const pinging = (async () => {
      while (isAttacking) {
        const started = performance.now();
        await ask(bystander.socket, 'typing', { sessionId: bystander.session.id, isTyping: true });
        latencies.push(performance.now() - started);
        await pause(5);
      }
    })();
    const sendTimes: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const started = performance.now();
      const ack = await send(attacker.socket, attacker.session.id, adversarial);
      sendTimes.push(performance.now() - started);
      expect(ack).toMatchObject({ ok: true, message: { content: adversarial } }); // (a+)+$ cannot match '!'
    }
    isAttacking = false;
    await pinging;
    console.info(
      `${kind}: 10 adversarial sends took ${sendTimes.map((t) => t.toFixed(0)).join(', ')} ms; ` +
        `${latencies.length} pings, slowest ${Math.max(...latencies).toFixed(1)} ms`,
    );
    expect(latencies.length).toBeGreaterThan(10);
    expect(Math.max(...latencies)).toBeLessThan(100);
  });
});
