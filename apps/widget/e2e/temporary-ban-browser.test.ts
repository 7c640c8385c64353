import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@parley/test-kit/chromium';
import type { Browser, Page } from 'playwright-core';
import { openWatchedPage, widget } from './support/browser.ts';

type Widget = ReturnType<typeof widget>;
import { startParleyStack, type ParleyStack } from './support/parley-stack.ts';

const poll = <T>(read: () => Promise<T> | T, timeout = 10_000) => expect.poll(read, { timeout });

/** "10:05" as an English clock shows the minute a ban ends in (rounded up, as the widget does). */
const clockOf = (end: Date) => {
  const at = new Date(Math.ceil(end.getTime() / 60_000) * 60_000);
  return `${at.getHours() % 12 || 12}:${String(at.getMinutes()).padStart(2, '0')}`;
};

// A ban with an end is waited out, not a dead end: the visitor reads when they may write again,
// and the widget comes back by itself then, with no reload.
describe('a visitor banned for a few seconds', () => {
  let stack: ParleyStack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startParleyStack();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** A visitor on the host page at phone size, with the panel open. */
  const openVisitor = async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 780 } });
    const { page, problems } = await openWatchedPage(context);
    await page.goto(stack.host.url);
    const ui = widget(page);
    await ui.launcher.click();
    return { context, page, problems, ui };
  };
  const lastAnswerOf = (ui: Widget) => () => ui.aiMessages.last().locator('.bub').innerText();
  /** Asks once and waits for the answer; the visitor's id, from the newest conversation. */
  const chatBeforeTheBan = async (ui: Widget) => {
    await ui.input.fill('hello before the ban');
    await ui.input.press('Enter');
    await poll(lastAnswerOf(ui)).toBe('Streaming answer to: hello before the ban');
    const [session] = await stack.db.models.ChatSession.findAll({
      order: [['createdAt', 'DESC']],
      limit: 1,
    });
    return session!.visitorId;
  };
  /** What the widget keeps in the page's storage for this widget. */
  const storedOf = (page: Page) =>
    page.evaluate(
      (key) =>
        JSON.parse(localStorage.getItem(key) ?? '{}') as {
          sessionId?: string;
          outbox?: unknown[];
        },
      `parley:${stack.widgetKey}`,
    );

  it('is told when the ban ends, cannot type until then, and is back without a reload', async () => {
    const { context, problems, ui } = await openVisitor();
    const visitorId = await chatBeforeTheBan(ui);
    const lastAnswer = lastAnswerOf(ui);

    const expiresAt = new Date(Date.now() + 3_000);
    await stack.server.moderation.bans.create({
      visitorId,
      reason: 'cool down',
      bannedBy: null,
      expiresAt,
    });
    await poll(() => ui.status.innerText()).toMatch(/^You can send messages again after .+\.$/);
    expect(await ui.status.innerText()).toContain(clockOf(expiresAt));
    expect(await ui.input.isDisabled()).toBe(true);

    // Half a second after the end the widget reconnects on its own: the line goes, typing is back.
    await poll(() => ui.input.isDisabled(), 5_000).toBe(false);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
    expect(await ui.status.innerText()).toBe('');
    await ui.input.fill('hello after the ban');
    await ui.input.press('Enter');
    await poll(lastAnswer).toBe('Streaming answer to: hello after the ban');
    expect(await ui.visitorMessages.last().innerText()).toContain('hello after the ban');
    expect(await ui.visitorMessages.last().innerText()).not.toMatch(/Waiting|Sending|Not sent/);
    expect(problems).toEqual({ cspViolations: [], pageErrors: [], consoleErrors: [] });
    await context.close();
  });

  it('shows a ban it was never told about as soon as the server refuses a message', async () => {
    const { context, page, problems, ui } = await openVisitor();
    const visitorId = await chatBeforeTheBan(ui);
    // Written past the ban service, as a ban made on a node whose notice never arrived: the
    // widget stays connected and learns of it only from the refusal.
    await stack.db.models.UserBan.create({
      visitorId,
      reason: 'abuse',
      bannedBy: null,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await ui.input.fill('are you still there?');
    await ui.input.press('Enter');
    await poll(() => ui.status.innerText()).toMatch(/^You can send messages again after .+\.$/);
    expect(await ui.input.isDisabled()).toBe(true);
    // Refused for who sent it, not for what it says: it waits for the end, kept in the outbox.
    await poll(() => ui.visitorMessages.last().innerText()).toContain('Waiting to send');
    const { outbox } = await storedOf(page);
    expect(outbox).toEqual([expect.objectContaining({ content: 'are you still there?' })]);
    expect(problems).toEqual({ cspViolations: [], pageErrors: [], consoleErrors: [] });
    await context.close();
  });

  it('marks a message refused by a ban for good as not sent, with nothing left waiting', async () => {
    const { context, page, problems, ui } = await openVisitor();
    const visitorId = await chatBeforeTheBan(ui);
    await stack.db.models.UserBan.create({ visitorId, reason: 'abuse', bannedBy: null });
    await ui.input.fill('are you still there?');
    await ui.input.press('Enter');
    await poll(() => ui.status.innerText()).toBe('You can no longer send messages here.');
    // A ban without end: waiting would be a promise the widget cannot keep.
    await poll(() => ui.visitorMessages.last().innerText()).toContain('Not sent');
    const { outbox } = await storedOf(page);
    expect(outbox).toEqual([]);
    expect(problems).toEqual({ cspViolations: [], pageErrors: [], consoleErrors: [] });
    await context.close();
  });

  it('marks a first message not sent when a ban for good refuses the conversation itself', async () => {
    const { context, page, problems, ui } = await openVisitor();
    await poll(() => ui.input.isDisabled()).toBe(false);
    // A new visitor's conversation starts with their first message: the address is banned (with
    // no notice, as on another node) between the connection and that message.
    const ban = await stack.db.models.UserBan.create({
      ipAddress: '127.0.0.1',
      reason: 'abuse',
      bannedBy: null,
    });
    try {
      await ui.input.fill('hello?');
      await ui.input.press('Enter');
      await poll(() => ui.status.innerText()).toBe('You can no longer send messages here.');
      await poll(() => ui.visitorMessages.last().innerText()).toContain('Not sent');
      const { outbox } = await storedOf(page);
      expect(outbox).toEqual([]);
    } finally {
      await ban.destroy();
    }
    expect(problems).toEqual({ cspViolations: [], pageErrors: [], consoleErrors: [] });
    await context.close();
  });

  it('keeps the conversation when reopening it is refused, and is back on it after the end', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 780 } });
    const { page, problems } = await openWatchedPage(context);
    // Frames pass through untouched, but the next `session:start` can be held while a ban is
    // written: a ban made elsewhere between the handshake (still allowed) and that request.
    let beforeNextStart: (() => Promise<unknown>) | undefined;
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((frame) => {
        const hold = typeof frame === 'string' && frame.includes('"session:start"');
        const before = hold ? beforeNextStart : undefined;
        if (before) beforeNextStart = undefined;
        void (before ? before() : Promise.resolve()).then(() => server.send(frame));
      });
    });
    await page.goto(stack.host.url);
    const ui = widget(page);
    const storedSessionId = async () => (await storedOf(page)).sessionId;
    await ui.launcher.click();
    await ui.input.fill('hello before the ban');
    await ui.input.press('Enter');
    const lastAnswer = lastAnswerOf(ui);
    await poll(lastAnswer).toBe('Streaming answer to: hello before the ban');
    const sessionId = await storedSessionId();
    expect(sessionId).toEqual(expect.any(String));
    const session = await stack.db.models.ChatSession.findByPk(sessionId);

    // The phone drops off the network and comes back: reopening the conversation is refused.
    await context.setOffline(true);
    await poll(() => ui.status.innerText()).toContain('offline');
    let expiresAt = new Date(0);
    beforeNextStart = async () => {
      expiresAt = new Date(Date.now() + 4_000);
      // Past the ban service, so no notice: the widget learns of it only from the refusal.
      await stack.db.models.UserBan.create({
        visitorId: session!.visitorId,
        reason: 'cool down',
        bannedBy: null,
        expiresAt,
      });
    };
    await context.setOffline(false);
    await poll(() => ui.status.innerText()).toMatch(/^You can send messages again after .+\.$/);
    expect(await ui.input.isDisabled()).toBe(true);
    expect(await storedSessionId()).toBe(sessionId);
    // Reloading during the ban starts from what is stored: the conversation must still be there.
    await page.reload();
    await ui.launcher.click();
    await poll(() => ui.status.innerText()).toMatch(/^You can send messages again after .+\.$/);

    await poll(() => ui.input.isDisabled(), 8_000).toBe(false);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
    await poll(() => ui.visitorMessages.allInnerTexts()).toEqual([
      expect.stringContaining('hello before the ban'),
    ]);
    expect(await storedSessionId()).toBe(sessionId);
    await ui.input.fill('hello after the ban');
    await ui.input.press('Enter');
    await poll(lastAnswer).toBe('Streaming answer to: hello after the ban');
    expect(await storedSessionId()).toBe(sessionId);
    const sessions = await stack.db.models.ChatSession.count({
      where: { visitorId: session!.visitorId },
    });
    expect(sessions).toBe(1);
    expect(problems).toEqual({ cspViolations: [], pageErrors: [], consoleErrors: [] });
    await context.close();
  });
});
