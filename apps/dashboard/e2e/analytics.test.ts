import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useBrowserSuite } from './support/browser-suite.ts';

/** The analytics page with real conversations: charts with values on hover, tables, CSV. */
describe('analytics in chromium', () => {
  const suite = useBrowserSuite();

  it('charts the days with values on hover, groups questions and exports the figures', async () => {
    const wordings = ['Do you ship to Canada?', 'do you ship to canada', 'DO YOU SHIP TO CANADA?!'];
    for (const question of wordings) await suite.asks(question);
    const { AiInteractionLog } = suite.stack.db.models;
    await expect
      .poll(() => AiInteractionLog.count(), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(wordings.length);

    const admin = await suite.open();
    await admin.getByRole('navigation').getByRole('link', { name: 'Analytics' }).click();
    const charts = admin.locator('.uplot');
    await expect.poll(() => charts.count(), { timeout: 15_000 }).toBe(3);

    // Pointing at today (the right end) shows today's counts in the chart's legend.
    const traffic = charts.first();
    const plotArea = traffic.locator('.u-over');
    const box = (await plotArea.boundingBox())!;
    await admin.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    const conversations = traffic.locator('.u-series').filter({ hasText: 'Conversations' });
    await expect.poll(() => conversations.locator('.u-value').textContent()).toBe('3');
    const day = traffic.locator('.u-series').filter({ hasText: 'Day' }).locator('.u-value');
    expect(await day.textContent()).toBe(new Date().toISOString().slice(0, 10));

    const widgets = admin.getByRole('table', { name: 'Per widget' });
    expect(
      await widgets.getByRole('row', { name: /Shop/ }).getByRole('cell').first().textContent(),
    ).toBe('3');
    const questions = admin.locator('.top-questions li');
    expect(await questions.first().textContent()).toMatch(/ship to canada.* ×3$/i);
    await admin.screenshot({ path: `${ARTIFACTS}analytics.png`, fullPage: true });

    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toContain('Per widget\r\nwidget,conversations,messages');
    expect(csv).toMatch(/\r\nShop,3,\d+,/);
    expect(csv).toMatch(/ship to canada[^\r]*,3/i);
  });
});
