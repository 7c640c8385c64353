import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { launchChromium } from '@parley/test-kit/chromium';
import { connectAdmin } from '../../server/test/support/admin-socket.ts';
import { setupAdmin } from '../../server/test/support/admin-client.ts';
import { openWatchedPage, widget, type PageProblems } from './support/browser.ts';
import { startParleyStack, type ParleyStack } from './support/parley-stack.ts';

const poll = <T>(read: () => Promise<T> | T, timeout = 10_000) => expect.poll(read, { timeout });

describe('the widget tells visitors who can answer, and takes an email when nobody can', () => {
  let stack: ParleyStack;
  let browser: Browser;
  let adminToken: string;
  const contexts: BrowserContext[] = [];
  const watched: PageProblems[] = [];
  const staff: Socket[] = [];

  const openWidget = async (viewport = { width: 1280, height: 800 }) => {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const { page, problems } = await openWatchedPage(context);
    watched.push(problems);
    await page.goto(stack.host.url);
    const ui = widget(page);
    await ui.launcher.click();
    await poll(() => ui.panel.isVisible()).toBe(true);
    return { page, ui, availability: ui.panel.locator('header .av') };
  };
  const widgetRow = async () =>
    (await stack.db.models.WidgetConfig.findOne({ where: { widgetKey: stack.widgetKey } }))!;

  beforeAll(async () => {
    stack = await startParleyStack();
    browser = await launchChromium();
    adminToken = (await setupAdmin(stack.serverUrl)).accessToken;
  });
  afterAll(async () => {
    staff.forEach((socket) => socket.close());
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack?.close();
  });

  it('shows the team online while an agent has the dashboard open, and asks for an email once they leave', async () => {
    const row = await widgetRow();
    await row.update({ replyWithinHours: 4, officeHours: null });
    const { ui, availability } = await openWidget();
    await poll(() => availability.innerText()).toBe('We usually reply within 4 h');

    const agent = await connectAdmin(stack.serverUrl, adminToken);
    staff.push(agent);
    await poll(() => availability.innerText()).toBe('The team is online');

    await ui.input.fill('I need help with my order');
    await ui.input.press('Enter');
    await ui.panel.getByRole('button', { name: 'Talk to a human' }).click();
    await poll(() => ui.panel.locator('.ho').innerText()).toBe('A person has been asked to join.');

    agent.close();
    await poll(() => availability.innerText()).toBe('We usually reply within 4 h');
    const form = ui.panel.locator('form.ct');
    await poll(() => form.isVisible()).toBe(true);
    await form.getByRole('textbox', { name: 'Email' }).fill('ana@example.com');
    await form.getByRole('button', { name: 'Save' }).click();
    await poll(() => ui.panel.locator('.ho').innerText()).toContain(
      'Check ana@example.com and open the link we sent: then we’ll reply there.',
    );
    const visitor = await stack.db.models.Visitor.findOne({ where: { email: 'ana@example.com' } });
    expect(visitor).not.toBeNull();

    await ui.panel.getByRole('button', { name: 'Remove' }).click();
    await poll(() => form.isVisible()).toBe(true);
    await visitor!.reload();
    expect(visitor!.email).toBeNull();
  });

  it('says when the team is back outside office hours, on a phone', async () => {
    const row = await widgetRow();
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000);
    await row.update({
      officeHours: {
        timeZone: 'UTC',
        openings: [{ day: inTwoDays.getUTCDay(), from: '09:00', to: '17:00' }],
        holidays: [],
      },
    });
    stack.server.conversations.events.emit('widget:updated', {
      widgetId: row.id,
      widgetKey: row.widgetKey,
    });
    const agent = await connectAdmin(stack.serverUrl, adminToken);
    staff.push(agent);
    const { page, availability } = await openWidget({ width: 390, height: 844 });
    const opening = new Date(`${inTwoDays.toISOString().slice(0, 10)}T09:00:00Z`);
    const expected = await page.evaluate(
      (iso) =>
        new Intl.DateTimeFormat('en', {
          weekday: 'long',
          hour: 'numeric',
          minute: '2-digit',
        }).format(new Date(iso)),
      opening.toISOString(),
    );
    await poll(() => availability.innerText()).toBe(`We’re away until ${expected}`);
    const box = await availability.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  });

  it('raised no page errors or CSP violations', () => {
    for (const problems of watched) {
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.cspViolations).toEqual([]);
    }
  });
});
