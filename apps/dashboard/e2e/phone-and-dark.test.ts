import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useBrowserSuite } from './support/browser-suite.ts';

/** The relative luminance contrast of two `rgb(…)` colours (WCAG 2.1). */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string) => {
    const [r, g, bl] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((part) => {
      const c = Number(part) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

const colours = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((element) => {
      const style = getComputedStyle(element);
      return { color: style.color, background: style.backgroundColor };
    });

/** The inbox on a 390 px phone, and the dark theme that follows the system setting. */
describe('phone and dark mode in chromium', () => {
  const suite = useBrowserSuite();

  it('folds the menu into a bar and goes list → conversation → back on a phone', async () => {
    const question = `Phone check ${crypto.randomUUID().slice(0, 6)}: do you ship to Oslo?`;
    await suite.asks(question);
    const agent = await suite.open();
    await agent.setViewportSize({ width: 390, height: 844 });
    const menu = agent.getByRole('button', { name: /^Menu/ });
    await menu.waitFor();
    const inboxLink = agent.getByRole('navigation').getByRole('link', { name: 'Inbox' });
    expect(await inboxLink.isVisible()).toBe(false);
    await agent.screenshot({ path: `${ARTIFACTS}phone-inbox.png` });
    // The bar leaves the page the screen: the list starts in the top fifth.
    const list = agent.getByRole('list', { name: 'Conversations' });
    expect((await list.boundingBox())!.y).toBeLessThan(844 / 5 + 60);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await inboxLink.waitFor();
    await agent.screenshot({ path: `${ARTIFACTS}phone-menu-open.png` });
    await menu.click();
    await inboxLink.waitFor({ state: 'hidden' });

    const row = agent.getByRole('button', { name: new RegExp(question.slice(0, 18)) });
    await row.click();
    const back = agent.getByRole('button', { name: '← Conversations' });
    await back.waitFor();
    await agent.locator('.message').filter({ hasText: question }).waitFor();
    expect(await list.isVisible()).toBe(false);
    expect(await agent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await agent.screenshot({ path: `${ARTIFACTS}phone-conversation.png` });

    await back.click();
    await row.waitFor();
    expect(await back.count()).toBe(0);
    expect(await list.isVisible()).toBe(true);
  });

  it('keeps the analytics tables inside a phone screen, scrolling by themselves', async () => {
    await suite.asks('Phone analytics: do you ship abroad?');
    const admin = await suite.open();
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.getByRole('button', { name: /^Menu/ }).click();
    await admin.getByRole('link', { name: 'Analytics' }).click();
    const perWidget = admin.getByRole('table', { name: 'Per widget' });
    await perWidget.waitFor();
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    const box = (await perWidget.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await admin.screenshot({ path: `${ARTIFACTS}phone-analytics.png`, fullPage: true });
  });

  it('keeps the list and the conversation side by side on a desktop, without a back button', async () => {
    await suite.asks('Desktop check: what are your opening hours?');
    const agent = await suite.open();
    await agent.getByRole('button', { name: /Desktop check/ }).click();
    await agent.locator('.message').filter({ hasText: 'Desktop check' }).waitFor();
    expect(await agent.getByRole('list', { name: 'Conversations' }).isVisible()).toBe(true);
    expect(await agent.getByRole('button', { name: '← Conversations' }).isVisible()).toBe(false);
    expect(await agent.getByRole('button', { name: /^Menu/ }).isVisible()).toBe(false);
  });

  it('follows a dark system setting with legible text', async () => {
    const agent = await suite.open();
    const lightPage = await colours(agent, 'body');
    await agent.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(async () => (await colours(agent, 'main')).color).not.toBe(lightPage.color);
    const page = await agent.evaluate(() => ({
      color: getComputedStyle(document.documentElement).color,
      background: getComputedStyle(document.documentElement).backgroundColor,
    }));
    expect(contrast(page.background, 'rgb(0, 0, 0)')).toBeLessThan(1.5);
    expect(contrast(page.color, page.background)).toBeGreaterThanOrEqual(7);
    for (const selector of ['.muted', 'input', '.nav a']) {
      const { color } = await colours(agent, selector);
      const surface = selector === '.nav a' ? await colours(agent, '.nav') : page;
      expect(contrast(color, surface.background), selector).toBeGreaterThanOrEqual(4.5);
    }
    await agent.screenshot({ path: `${ARTIFACTS}dark-inbox.png` });
  });
});
