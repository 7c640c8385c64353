import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@parley/test-kit/chromium';
import type { Browser } from 'playwright-core';
import { openWatchedPage, widget } from './support/browser.ts';
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

  it('is told when the ban ends, cannot type until then, and is back without a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 780 } });
    const { page, problems } = await openWatchedPage(context);
    await page.goto(stack.host.url);
    const ui = widget(page);
    await ui.launcher.click();
    await ui.input.fill('hello before the ban');
    await ui.input.press('Enter');
    const lastAnswer = () => ui.aiMessages.last().locator('.bub').innerText();
    await poll(lastAnswer).toBe('Streaming answer to: hello before the ban');
    const [session] = await stack.db.models.ChatSession.findAll({
      order: [['createdAt', 'DESC']],
      limit: 1,
    });

    const expiresAt = new Date(Date.now() + 3_000);
    await stack.server.moderation.bans.create({
      visitorId: session!.visitorId,
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
    const context = await browser.newContext({ viewport: { width: 390, height: 780 } });
    const { page, problems } = await openWatchedPage(context);
    await page.goto(stack.host.url);
    const ui = widget(page);
    await ui.launcher.click();
    await ui.input.fill('hello before the ban');
    await ui.input.press('Enter');
    await poll(() => ui.aiMessages.last().locator('.bub').innerText()).toBe(
      'Streaming answer to: hello before the ban',
    );
    const [session] = await stack.db.models.ChatSession.findAll({
      order: [['createdAt', 'DESC']],
      limit: 1,
    });
    // Written past the ban service, as a ban made on a node whose notice never arrived: the
    // widget stays connected and learns of it only from the refusal.
    await stack.db.models.UserBan.create({
      visitorId: session!.visitorId,
      reason: 'abuse',
      bannedBy: null,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await ui.input.fill('are you still there?');
    await ui.input.press('Enter');
    await poll(() => ui.status.innerText()).toMatch(/^You can send messages again after .+\.$/);
    expect(await ui.input.isDisabled()).toBe(true);
    expect(problems).toEqual({ cspViolations: [], pageErrors: [], consoleErrors: [] });
    await context.close();
  });
});
