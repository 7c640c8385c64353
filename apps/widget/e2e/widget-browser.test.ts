import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@parley/test-kit/chromium';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  deepActiveElement,
  openWatchedPage,
  widget,
  type PageProblems,
} from './support/browser.ts';
import { serveHostPage } from '@parley/test-kit';
import {
  toMessage,
  toSession,
} from '../../server/src/features/conversations/conversation-mapping.ts';
import { startParleyStack, type ParleyStack } from './support/parley-stack.ts';

const ARTIFACTS = fileURLToPath(new URL('../test-results/', import.meta.url));
/** Answers stream over about 1.2 s; allow for a slow, shared machine. */
const poll = <T>(read: () => Promise<T> | T, timeout = 10_000) => expect.poll(read, { timeout });
const PAYLOAD = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';

describe('the widget on a hostile cross-origin page with a strict CSP', () => {
  let stack: ParleyStack;
  let browser: Browser;
  const watched: PageProblems[] = [];
  const contexts: BrowserContext[] = [];

  const newContext = async (
    options: { width: number; height: number } = { width: 1280, height: 800 },
  ) => {
    const context = await browser.newContext({ viewport: options });
    contexts.push(context);
    return context;
  };
  const openHostPage = async (context: BrowserContext) => {
    const { page, problems } = await openWatchedPage(context);
    watched.push(problems);
    await page.goto(stack.host.url);
    return { page, ui: widget(page) };
  };
  const storedVisitorMessages = async () =>
    (
      await stack.db.models.ChatMessage.findAll({
        where: { senderType: 'visitor' },
        order: [['seq', 'ASC']],
      })
    ).map((m) => m.content);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = await startParleyStack();
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack?.close();
  });

  it('shows the launcher, opens, sends, and streams an AI answer without any CSP violation', async () => {
    const context = await newContext();
    const { page, ui } = await openHostPage(context);
    await poll(() => ui.launcher.isVisible()).toBe(true);
    // Nothing is stored before the visitor interacts, even once the app has loaded on idle.
    await poll(() =>
      page.evaluate(() =>
        performance.getEntriesByType('resource').some((r) => r.name.includes('/assets/app-')),
      ),
    ).toBe(true);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    await ui.launcher.click();
    await poll(() => ui.panel.isVisible()).toBe(true);
    await ui.input.fill('How do I embed the widget?');
    await ui.input.press('Enter');
    await poll(() => ui.visitorMessages.last().innerText()).toContain('How do I embed the widget?');

    await ui.aiMessages.first().waitFor();
    const partial = await ui.aiMessages.first().locator('.bub').innerText();
    await poll(() => ui.aiMessages.first().locator('.bub').innerText()).toBe(
      'Streaming answer to: How do I embed the widget?',
    );
    expect('Streaming answer to: How do I embed the widget?'.startsWith(partial.trim())).toBe(true);
    expect(partial.trim().length).toBeLessThan(
      'Streaming answer to: How do I embed the widget?'.length,
    );
    const answer = ui.aiMessages.first();
    expect(await answer.locator('.who').innerText()).toBe('AI assistant');
    expect(await answer.locator('.src a').getAttribute('rel')).toContain('noopener');
    expect(await page.evaluate(() => localStorage.length)).toBe(1);
    expect(
      await page.evaluate(() => (window as unknown as { parleyEvents: string[] }).parleyEvents),
    ).toEqual(expect.arrayContaining(['ready', 'open', 'message']));

    await page.reload();
    await ui.launcher.click();
    await poll(() => ui.messages.count()).toBe(2);
    expect(await ui.messages.first().innerText()).toContain('How do I embed the widget?');
    await context.close();
  });

  it('pages older history in when the visitor scrolls up', async () => {
    const context = await newContext();
    const { page, ui } = await openHostPage(context);
    await ui.launcher.click();
    await ui.input.fill('the very first question');
    await ui.input.press('Enter');
    const firstRow = () =>
      stack.db.models.ChatMessage.findOne({ where: { content: 'the very first question' } });
    await poll(firstRow).toBeTruthy();
    const session = await stack.db.models.ChatSession.findByPk((await firstRow())!.sessionId);
    // Wait for the answer to be committed (not just streamed) before adding history after it.
    const stored = () => stack.db.models.ChatMessage.count({ where: { sessionId: session!.id } });
    await poll(stored).toBe(2);
    // 40 earlier agent replies, as if the conversation had gone on for a while.
    await stack.db.models.ChatMessage.bulkCreate(
      Array.from({ length: 40 }, (_, i) => ({
        sessionId: session!.id,
        seq: i + 3,
        senderType: 'agent' as const,
        content: `reply ${i + 3}`,
      })),
    );
    await session!.update({ lastSeq: 42 });

    await page.reload();
    await ui.launcher.click();
    await poll(() => ui.messages.count()).toBe(30);
    expect(await ui.messages.first().innerText()).toContain('reply 13');
    await page.locator('parley-widget ol.log').evaluate((el) => (el.scrollTop = 0));
    await poll(() => ui.messages.count()).toBe(42);
    expect(await ui.messages.first().innerText()).toContain('the very first question');
  });

  it('keeps two tabs of one visitor in sync', async () => {
    const context = await newContext();
    const first = await openHostPage(context);
    await first.ui.launcher.click();
    await first.ui.input.fill('hello from tab one');
    await first.ui.input.press('Enter');
    await poll(() => first.ui.aiMessages.count()).toBe(1);

    const second = await openHostPage(context);
    await second.ui.launcher.click();
    await poll(() => second.ui.messages.count()).toBe(2);
    await second.ui.input.fill('and from tab two');
    await second.ui.input.press('Enter');
    await poll(() => first.ui.visitorMessages.last().innerText()).toContain('and from tab two');
    await poll(() => first.ui.aiMessages.count()).toBe(2);
  });

  it('tells a visitor banned while chatting why the chat stopped, not that they are offline', async () => {
    const context = await newContext({ width: 390, height: 780 });
    const { ui } = await openHostPage(context);
    await ui.launcher.click();
    await ui.input.fill('hello before the ban');
    await ui.input.press('Enter');
    await poll(() => ui.aiMessages.count()).toBe(1);
    const [session] = await stack.db.models.ChatSession.findAll({
      order: [['createdAt', 'DESC']],
      limit: 1,
    });
    await stack.server.moderation.bans.create({
      visitorId: session!.visitorId,
      reason: 'abuse',
      bannedBy: null,
    });
    await poll(() => ui.status.innerText()).toBe('You can no longer send messages here.');
    // Nothing typed would ever be sent: the composer is off, not queueing.
    expect(await ui.input.isDisabled()).toBe(true);
    // It stays that way: the closed connection is not a network blip to wait out.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await ui.status.innerText()).toBe('You can no longer send messages here.');
  });

  it('says a message moderation blocked is not sent, offers no retry, and shows one hidden later as removed', async () => {
    const word = `glorpish${Date.now().toString(36)}`;
    await stack.db.models.ModerationRule.create({
      name: 'No glorp',
      pattern: word,
      action: 'block',
    });
    const context = await newContext();
    const { page, ui } = await openHostPage(context);
    await ui.launcher.click();
    await ui.input.fill('A question before anything else');
    await ui.input.press('Enter');
    await poll(() => ui.visitorMessages.last().innerText()).not.toMatch(/Sending|Waiting/);
    await ui.input.fill(`You are all ${word}`);
    await ui.input.press('Enter');
    const blocked = ui.visitorMessages.last();
    await poll(() => blocked.innerText()).toContain(
      'Not sent: This message was blocked by moderation',
    );
    expect(await blocked.getByRole('button', { name: 'Retry' }).count()).toBe(0);

    // An admin hides the first message after the fact: it stays in place, saying so.
    const first = await stack.db.models.ChatMessage.findOne({
      where: { content: 'A question before anything else' },
    });
    await first!.update({ status: 'moderated' });
    stack.server.conversations.events.emit('message:updated', {
      sessionId: first!.sessionId,
      message: toMessage(first!),
    });
    await poll(() => ui.visitorMessages.first().innerText()).toContain(
      'This message was removed by moderation.',
    );
    expect(await ui.visitorMessages.first().innerText()).not.toContain('A question before');
    await page.screenshot({ path: `${ARTIFACTS}moderation-in-widget.png` });
  });

  it('queues messages typed offline and sends them once, in order, when back online', async () => {
    const context = await newContext();
    const { ui } = await openHostPage(context);
    await ui.launcher.click();
    await ui.input.fill('before going offline');
    await ui.input.press('Enter');
    await poll(() => ui.aiMessages.count()).toBe(1);

    await context.setOffline(true);
    await poll(() => ui.status.innerText()).toContain('offline');
    for (const text of ['offline one', 'offline two', 'offline three']) {
      await ui.input.fill(text);
      await ui.input.press('Enter');
    }
    await poll(() => ui.visitorMessages.last().innerText()).toContain('Waiting to send');
    await context.setOffline(false);

    const offlineRows = async () =>
      (await storedVisitorMessages()).filter((text) => text.startsWith('offline '));
    await poll(offlineRows, 20_000).toEqual(['offline one', 'offline two', 'offline three']);
    await poll(() => ui.visitorMessages.last().innerText()).not.toMatch(/Waiting|Sending/);
    // Once means once: a message sent after the flush is stored after any resend would be.
    await ui.input.fill('back online');
    await ui.input.press('Enter');
    await poll(storedVisitorMessages).toContain('back online');
    expect(await offlineRows()).toEqual(['offline one', 'offline two', 'offline three']);
    await poll(() => ui.visitorMessages.count()).toBe(5);
  });

  it('works with the keyboard alone: open, type, send, close with focus managed', async () => {
    const context = await newContext();
    const { page, ui } = await openHostPage(context);
    await ui.launcher.waitFor();
    for (let i = 0; i < 10 && (await deepActiveElement(page)) !== 'button.b'; i++) {
      await page.keyboard.press('Tab');
    }
    expect(await deepActiveElement(page)).toBe('button.b');
    expect(await ui.launcher.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');
    await poll(() => deepActiveElement(page)).toBe('textarea');
    expect(await ui.launcher.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.type('typed with the keyboard');
    await page.keyboard.press('Enter');
    await poll(() => ui.visitorMessages.last().innerText()).toContain('typed with the keyboard');
    await page.keyboard.press('Escape');
    await poll(() => ui.panel.count()).toBe(0);
    expect(await deepActiveElement(page)).toBe('button.b');
  });

  it('shows an HTML/JS payload as text, in the visitor message and in the AI answer', async () => {
    const context = await newContext();
    const { page, ui } = await openHostPage(context);
    await ui.launcher.click();
    await ui.input.fill(PAYLOAD);
    await ui.input.press('Enter');
    await poll(() => ui.aiMessages.last().locator('.bub').innerText()).toBe(
      `Streaming answer to: ${PAYLOAD}`,
    );
    expect(await ui.visitorMessages.last().locator('.bub').innerText()).toBe(PAYLOAD);
    expect(
      await page.locator('parley-widget li.msg img, parley-widget li.msg script').count(),
    ).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { pwned?: number }).pwned),
    ).toBeUndefined();
  });

  it('follows setLocale with right-to-left Arabic', async () => {
    const context = await newContext();
    const { page, ui } = await openHostPage(context);
    await page.evaluate(() =>
      (window as unknown as { Parley(...a: unknown[]): void }).Parley('setLocale', 'ar'),
    );
    await page.evaluate(() =>
      (window as unknown as { Parley(...a: unknown[]): void }).Parley('open'),
    );
    await poll(() => ui.panel.getAttribute('dir')).toBe('rtl');
    expect(await ui.input.getAttribute('aria-label')).toBe('رسالة');
  });

  it('follows the visitor’s dark colour scheme', async () => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    contexts.push(context);
    const { ui } = await openHostPage(context);
    await ui.launcher.click();
    await ui.panel.waitFor();
    const colors = await ui.panel.evaluate((el) => {
      const style = getComputedStyle(el);
      return [style.backgroundColor, style.color];
    });
    expect(colors).toEqual(['rgb(28, 28, 33)', 'rgb(241, 241, 244)']);
  });

  it('is full-screen on a phone with 16 px inputs; screenshots of both viewports', async () => {
    const desktop = await openHostPage(await newContext());
    await desktop.ui.launcher.click();
    await desktop.ui.panel.waitFor();
    await desktop.page.screenshot({ path: `${ARTIFACTS}widget-desktop.png` });

    const phone = await openHostPage(await newContext({ width: 390, height: 844 }));
    await phone.ui.launcher.click();
    await phone.ui.panel.waitFor();
    const box = await phone.ui.panel.boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
    expect(await phone.ui.input.evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');
    await phone.page.screenshot({ path: `${ARTIFACTS}widget-mobile.png` });
  });

  it('restyles an open widget live when its config changes', async () => {
    const context = await newContext();
    const { ui } = await openHostPage(context);
    await ui.launcher.click();
    // Connected and in a session, so the update is pushed to this tab.
    await ui.input.fill('about to be restyled');
    await ui.input.press('Enter');
    await poll(() => ui.aiMessages.count()).toBe(1);
    const widgetRow = await stack.db.models.WidgetConfig.findOne({
      where: { widgetKey: stack.widgetKey },
    });
    const before = { title: widgetRow!.title, primaryColor: widgetRow!.primaryColor };
    await widgetRow!.update({ title: 'Help desk', primaryColor: '#ffeb3b' });
    stack.server.conversations.events.emit('widget:updated', {
      widgetId: widgetRow!.id,
      widgetKey: stack.widgetKey,
    });
    try {
      await poll(() => ui.panel.locator('h2').innerText()).toBe('Help desk');
      const colors = await ui.launcher.evaluate((el) => {
        const style = getComputedStyle(el);
        return [style.backgroundColor, style.color];
      });
      // A light brand colour gets dark text, chosen for contrast.
      expect(colors).toEqual(['rgb(255, 235, 59)', 'rgb(17, 17, 17)']);
    } finally {
      await widgetRow!.update(before);
    }
  });

  it('runs in the /embed/:widgetKey iframe page, full-frame without a launcher', async () => {
    const context = await newContext();
    const { page, problems } = await openWatchedPage(context);
    watched.push(problems);
    await page.goto(`${stack.serverUrl}/embed/${stack.widgetKey}`);
    const ui = widget(page);
    await ui.panel.waitFor();
    expect(await ui.launcher.isVisible()).toBe(false);
    await ui.input.fill('asked inside the frame');
    await ui.input.press('Enter');
    await poll(() => ui.aiMessages.last().locator('.bub').innerText()).toBe(
      'Streaming answer to: asked inside the frame',
    );
  });

  it('counts answers that arrive while closed on the launcher, and forgets all on reset', async () => {
    const context = await newContext();
    const { page, ui } = await openHostPage(context);
    await ui.launcher.click();
    await ui.input.fill('answer me after I close');
    await ui.input.press('Enter');
    await page.keyboard.press('Escape');
    await poll(() => ui.launcher.getAttribute('aria-label')).toBe('Ask Parley (1)');
    expect(await page.locator('parley-widget .n').innerText()).toBe('1');
    await ui.launcher.click();
    await poll(() => ui.launcher.getAttribute('aria-label')).toBe('Ask Parley');
    expect(await page.locator('parley-widget .n').isVisible()).toBe(false);

    expect(await page.evaluate(() => localStorage.length)).toBe(1);
    await page.evaluate(() =>
      (window as unknown as { Parley(...a: unknown[]): void }).Parley('reset'),
    );
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await poll(() => ui.messages.count()).toBe(0);
  });

  it('shows a closed conversation as ended and starts a new one on request', async () => {
    const context = await newContext();
    const { ui } = await openHostPage(context);
    await ui.launcher.click();
    await ui.input.fill('a conversation that will be closed');
    await ui.input.press('Enter');
    await poll(() => ui.aiMessages.count()).toBe(1);
    const row = await stack.db.models.ChatMessage.findOne({
      where: { content: 'a conversation that will be closed' },
    });
    const session = await stack.db.models.ChatSession.findByPk(row!.sessionId);
    await session!.update({ status: 'closed' });
    stack.server.conversations.events.emit('session:updated', { session: toSession(session!) });

    const restart = ui.panel.getByRole('button', { name: 'Start a new conversation' });
    await restart.waitFor();
    expect(await ui.input.count()).toBe(0);
    await restart.click();
    await poll(() => ui.messages.count()).toBe(0);
    await ui.input.fill('a fresh start');
    await ui.input.press('Enter');
    await poll(() => ui.aiMessages.count()).toBe(1);
    const fresh = await stack.db.models.ChatMessage.findOne({
      where: { content: 'a fresh start' },
    });
    expect(fresh!.sessionId).not.toBe(session!.id);
  });

  it('rates an AI answer and hands the conversation to a human on request', async () => {
    const context = await newContext();
    const { ui } = await openHostPage(context);
    await ui.launcher.click();
    await ui.input.fill('rate this answer');
    await ui.input.press('Enter');
    await poll(() => ui.aiMessages.last().locator('.bub').innerText()).toBe(
      'Streaming answer to: rate this answer',
    );
    const thumbsUp = ui.aiMessages.last().getByRole('button', { name: 'Helpful', exact: true });
    await thumbsUp.click();
    await poll(() => thumbsUp.getAttribute('aria-pressed')).toBe('true');
    expect(await stack.db.models.MessageFeedback.count({ where: { rating: 'up' } })).toBe(1);

    await ui.panel.getByRole('button', { name: 'Talk to a human' }).click();
    // Nobody has the dashboard open: the widget asks where to reply instead of promising a person.
    await poll(() => ui.panel.innerText()).toContain('Nobody can answer right now.');
    const row = await stack.db.models.ChatMessage.findOne({
      where: { content: 'rate this answer' },
    });
    expect((await stack.db.models.ChatSession.findByPk(row!.sessionId))!.status).toBe('handoff');
  });

  it('keeps one widget when a single-page app inserts the script tag again', async () => {
    const context = await newContext();
    const { page, ui } = await openHostPage(context);
    await ui.launcher.waitFor();
    await page.evaluate(
      ({ src, key }) =>
        new Promise((resolve, reject) => {
          const again = document.createElement('script');
          again.src = src;
          again.dataset.widgetKey = key;
          again.onload = resolve;
          again.onerror = reject;
          document.body.append(again);
        }),
      { src: `${stack.serverUrl}/widget.js`, key: stack.widgetKey },
    );
    await page.waitForTimeout(500);
    expect(await page.locator('parley-widget').count()).toBe(1);
  });

  it('finds an identified person’s conversation on another device (verified identify)', async () => {
    const widgetRow = await stack.db.models.WidgetConfig.findOne({
      where: { widgetKey: stack.widgetKey },
    });
    const secret = 'a-test-identity-secret-of-32-chars!!';
    // Stored encrypted, as the admin API stores it.
    await widgetRow!.update({
      identitySecret: stack.server.admin.cipher.encrypt(secret, 'identitySecret'),
    });
    const identity = {
      id: 'user-42',
      hash: createHmac('sha256', secret).update('user-42').digest('hex'),
    };
    const identifyAndOpen = async () => {
      const { page, ui } = await openHostPage(await newContext());
      await page.evaluate((who) => {
        const parley = (window as unknown as { Parley(...a: unknown[]): void }).Parley;
        parley('identify', who);
        parley('open');
      }, identity);
      return ui;
    };
    try {
      const laptop = await identifyAndOpen();
      await laptop.input.fill('asked on my laptop');
      await laptop.input.press('Enter');
      await poll(() => laptop.aiMessages.count()).toBe(1);

      const phone = await identifyAndOpen();
      await poll(() => phone.messages.count()).toBe(2);
      expect(await phone.visitorMessages.first().innerText()).toContain('asked on my laptop');
    } finally {
      await widgetRow!.update({ identitySecret: null });
    }
  });

  it('works as a <parley-chat> element, driven through the JS API', async () => {
    const host = await serveHostPage({
      serverUrl: stack.serverUrl,
      widgetKey: stack.widgetKey,
      embedAs: 'element',
    });
    try {
      await stack.allowOrigin(host.origin);
      const { page, problems } = await openWatchedPage(await newContext());
      watched.push(problems);
      await page.goto(host.url);
      const ui = widget(page);
      await ui.launcher.waitFor();
      await page.evaluate(() =>
        (window as unknown as { Parley(...a: unknown[]): void }).Parley(
          'send',
          'sent through the API',
        ),
      );
      await poll(() => ui.aiMessages.last().locator('.bub').innerText()).toBe(
        'Streaming answer to: sent through the API',
      );
      // The final text is on screen with the last delta; `message` fires once it is committed.
      const events = () =>
        page.evaluate(() => (window as unknown as { parleyEvents: string[] }).parleyEvents);
      await poll(events).toContain('message');
      await page.evaluate(() =>
        (window as unknown as { Parley(...a: unknown[]): void }).Parley('close'),
      );
      await poll(() => ui.panel.count()).toBe(0);
      expect(await events()).toEqual(expect.arrayContaining(['ready', 'open', 'message', 'close']));
    } finally {
      await host.close();
    }
  });

  it('on a site that is not allowed: no launcher, one logged line, nothing thrown', async () => {
    const host = await serveHostPage({ serverUrl: stack.serverUrl, widgetKey: stack.widgetKey });
    try {
      const { page, problems } = await openWatchedPage(await newContext());
      const parleyLines: string[] = [];
      page.on('console', (message) => {
        if (message.text().startsWith('[Parley]')) parleyLines.push(message.text());
      });
      await page.goto(host.url);
      await poll(() => parleyLines.length).toBe(1);
      await page.waitForTimeout(500);
      expect(parleyLines).toHaveLength(1);
      expect(problems.pageErrors).toEqual([]);
      expect(await page.locator('parley-widget').count()).toBe(0);
      // The host page's own API stub keeps working: calls are accepted and ignored.
      await page.evaluate(() =>
        (window as unknown as { Parley(...a: unknown[]): void }).Parley('open'),
      );
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await host.close();
    }
  });

  it('reported no CSP violation, no uncaught error and no console error on any page', () => {
    expect(watched.length).toBeGreaterThan(5);
    expect(watched.flatMap((p) => p.cspViolations)).toEqual([]);
    expect(watched.flatMap((p) => p.pageErrors)).toEqual([]);
    expect(watched.flatMap((p) => p.consoleErrors)).toEqual([]);
  });
});
