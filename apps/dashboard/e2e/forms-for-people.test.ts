import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedWidget } from '../../server/test/support/seed-widget.ts';
import { ARTIFACTS, useBrowserSuite } from './support/browser-suite.ts';

/**
 * The admin forms as people use them: rules and knowledge bases picked by name, a colour
 * picker, page routes as rows, errors said at the field in words, the embed code first. Each test
 * makes its own widget and rules, so they pass in any order.
 */
describe('forms for people in chromium', () => {
  const suite = useBrowserSuite();
  const unique = (name: string) => `${name} ${randomUUID().slice(0, 6)}`;
  const rule = (name: string) =>
    suite.stack.db.models.ContextRule.create({ name, contextType: 'general' });
  const openWidget = async (name: string): Promise<Page> => {
    const admin = await suite.open();
    await admin.getByRole('navigation').getByRole('link', { name: 'Widgets' }).click();
    await admin.getByRole('button', { name, exact: true }).click();
    await admin.getByRole('heading', { name: `Edit ${name}` }).waitFor();
    return admin;
  };
  const widgetNamed = (name: string) =>
    suite.stack.db.models.WidgetConfig.findOne({ where: { name } });

  it('warns that a restricted widget without a rule refuses every question, until it has one', async () => {
    const name = unique('New shop');
    const helps = await rule(unique('Shop help'));
    await seedWidget(suite.stack.db, { name });
    const admin = await openWidget(name);
    const warning = admin.getByTestId('answers-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('refuses every question');

    await admin
      .getByRole('combobox', { name: 'Context rule' })
      .selectOption({ label: `${helps.name} (v1)` });
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('status').filter({ hasText: 'saved' }).waitFor();
    await warning.waitFor({ state: 'detached' });
  });

  it('picks the widget’s rule by name and edits page routes as rows', async () => {
    const name = unique('Docs site');
    const [main, docs, billing] = await Promise.all([
      rule(unique('Main help')),
      rule(unique('Docs help')),
      rule(unique('Billing help')),
    ]);
    await seedWidget(suite.stack.db, { name });
    const admin = await openWidget(name);

    await admin
      .getByRole('combobox', { name: 'Context rule' })
      .selectOption({ label: `${main.name} (v1)` });
    const routes = admin.getByRole('group', { name: 'Page routes' });
    await routes.getByRole('button', { name: 'Add route' }).click();
    await routes.getByLabel('Pages matching, route 1').fill('/docs/*');
    await routes.getByLabel('Rule, route 1').selectOption({ label: `${docs.name} (v1)` });
    await routes.getByRole('button', { name: 'Add route' }).click();
    await routes.getByLabel('Pages matching, route 2').fill('/tmp/*');
    await routes.getByLabel('Rule, route 2').selectOption({ label: `${main.name} (v1)` });
    await routes.getByRole('button', { name: 'Add route' }).click();
    await routes.getByLabel('Pages matching, route 3').fill('/billing/*');
    await routes.getByLabel('Rule, route 3').selectOption({ label: `${billing.name} (v1)` });
    await routes.getByRole('button', { name: 'Remove route 2' }).click();
    expect(await routes.getByTestId('route-row').count()).toBe(2);
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('status').filter({ hasText: 'saved' }).waitFor();

    const stored = await widgetNamed(name);
    expect(stored?.contextRuleId).toBe(main.id);
    expect(stored?.contextRoutes).toEqual([
      { pattern: '/docs/*', contextRuleId: docs.id },
      { pattern: '/billing/*', contextRuleId: billing.id },
    ]);
    // Opened again, the form shows the rules by name, never their ids.
    await admin.reload();
    await admin.getByRole('button', { name, exact: true }).click();
    const picked = admin.getByRole('combobox', { name: 'Context rule' });
    await expect.poll(() => picked.inputValue()).toBe(main.id);
    expect(await admin.getByLabel('Rule, route 2').locator('option:checked').textContent()).toBe(
      `${billing.name} (v1)`,
    );
    expect(await admin.getByLabel('Pages matching, route 1').inputValue()).toBe('/docs/*');
    await admin.screenshot({
      path: `${ARTIFACTS}forms-rule-pickers-and-routes.png`,
      fullPage: true,
    });
  });

  it('says a half-filled route is wrong at the route editor and saves nothing', async () => {
    const name = unique('Half routes');
    await seedWidget(suite.stack.db, { name });
    const admin = await openWidget(name);
    const routes = admin.getByRole('group', { name: 'Page routes' });
    await routes.getByRole('button', { name: 'Add route' }).click();
    await routes.getByLabel('Pages matching, route 1').fill('/docs/*');
    await admin.getByRole('button', { name: 'Save' }).click();
    const error = routes.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toBe('Route 1: choose the rule for these pages.');
    expect((await widgetNamed(name))?.contextRoutes ?? null).toBeNull();
  });

  it('sets office hours as rows: zone, openings, midnight and holidays, errors at the field', async () => {
    const name = unique('Office hours');
    await seedWidget(suite.stack.db, { name });
    const admin = await openWidget(name);
    const hours = admin.getByRole('group', { name: 'Office hours' });
    await hours.getByLabel(/Keep office hours/).check();
    // Switched on, it offers Monday to Friday, 9 to 5, in the browser's zone.
    expect(await hours.getByTestId('opening-row').count()).toBe(5);
    await hours.getByRole('combobox', { name: 'Time zone' }).selectOption('Europe/Paris');
    await hours.getByLabel('Closes, opening 2').fill('08:00');
    await admin.getByRole('button', { name: 'Save' }).click();
    const error = hours.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toBe('Opening 2 (Tuesday): it must end after it starts.');
    expect((await widgetNamed(name))?.officeHours ?? null).toBeNull();

    await hours.getByLabel('Closes, opening 2').fill('17:00');
    for (const index of [5, 4, 3]) await hours.getByLabel(`Remove opening ${index}`).click();
    await hours.getByRole('button', { name: 'Add opening' }).click();
    await hours.getByLabel('Day, opening 3').selectOption({ label: 'Friday' });
    await hours.getByLabel('Opens, opening 3').fill('20:00');
    await hours.getByLabel('Closes, opening 3').fill('00:00');
    await hours.getByRole('button', { name: 'Add holiday' }).click();
    await hours.getByLabel('Holiday 1', { exact: true }).fill('2026-12-25');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('status').filter({ hasText: 'saved' }).waitFor();
    expect((await widgetNamed(name))?.officeHours).toEqual({
      timeZone: 'Europe/Paris',
      openings: [
        { day: 1, from: '09:00', to: '17:00' },
        { day: 2, from: '09:00', to: '17:00' },
        { day: 5, from: '20:00', to: '24:00' },
      ],
      holidays: ['2026-12-25'],
    });
    await hours.screenshot({ path: `${ARTIFACTS}forms-office-hours.png` });

    // Switched off again, the widget answers around the clock.
    await hours.getByLabel(/Keep office hours/).uncheck();
    await admin.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await widgetNamed(name))?.officeHours ?? null).toBeNull();
  });

  it('picks a colour with the browser’s picker and says a wrong hex at the colour field', async () => {
    const name = unique('Brand colours');
    await seedWidget(suite.stack.db, { name });
    const admin = await openWidget(name);
    const hex = admin.getByLabel('Colour (hex)', { exact: true });
    await hex.fill('blue');
    await admin.getByRole('button', { name: 'Save' }).click();

    const colourField = admin.locator('.field').filter({ has: hex });
    const error = colourField.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toBe('Must be a colour like #4f46e5.');
    // In words at the field, focused, and not as the API's field name at the bottom.
    expect(await hex.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => hex.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await admin.locator('main').textContent()).not.toContain('primaryColor');
    const before = await widgetNamed(name);
    expect(before?.primaryColor).not.toBe('blue');
    await admin.screenshot({ path: `${ARTIFACTS}forms-colour-error-at-field.png` });

    await admin.getByLabel('Colour', { exact: true }).fill('#ff8800');
    expect(await hex.inputValue()).toBe('#ff8800');
    expect(await error.count()).toBe(0);
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('status').filter({ hasText: 'saved' }).waitFor();
    expect((await widgetNamed(name))?.primaryColor).toBe('#ff8800');
  });

  it('shows the embed code and the live preview above the widget’s settings', async () => {
    const name = unique('Embed first');
    const widget = await seedWidget(suite.stack.db, { name });
    const admin = await openWidget(name);
    const snippet = admin.getByTestId('embed-snippet');
    expect(await snippet.textContent()).toContain(widget.widgetKey);
    const preview = admin.locator('iframe.preview');
    await preview.waitFor();
    const form = admin
      .locator('form')
      .filter({ has: admin.getByRole('heading', { name: `Edit ${name}` }) });
    const [snippetBox, previewBox, formBox] = await Promise.all([
      snippet.boundingBox(),
      preview.boundingBox(),
      form.boundingBox(),
    ]);
    expect(snippetBox!.y).toBeLessThan(formBox!.y);
    expect(previewBox!.y).toBeLessThan(formBox!.y);
    // Seen without scrolling on a laptop screen.
    expect(snippetBox!.y + snippetBox!.height).toBeLessThan(900);
  });

  it('ticks a rule’s knowledge bases by name and says a number out of range at its field', async () => {
    const ruleName = unique('Shipping help');
    const created = await rule(ruleName);
    const { KnowledgeBaseConfig } = suite.stack.db.models;
    const [faq, returns] = await Promise.all([
      KnowledgeBaseConfig.create({
        name: unique('Shipping FAQ'),
        sourceType: 'text',
        content: 'Ships in 2 days.',
      }),
      KnowledgeBaseConfig.create({
        name: unique('Returns'),
        sourceType: 'text',
        content: 'Free returns.',
      }),
    ]);
    const admin = await suite.open();
    await admin.getByRole('navigation').getByRole('link', { name: 'Context rules' }).click();
    await admin.getByRole('button', { name: new RegExp(ruleName) }).click();
    const bases = admin.getByRole('group', { name: 'Knowledge bases' });
    await bases.getByRole('checkbox', { name: faq.name }).check();
    await bases.getByRole('checkbox', { name: returns.name }).check();
    await bases.getByRole('checkbox', { name: faq.name }).uncheck();
    const threshold = admin.getByLabel('Knowledge threshold');
    await threshold.fill('5000');
    await admin.getByRole('button', { name: 'Save' }).click();
    const error = admin.locator('.field').filter({ has: threshold }).getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toBe('Must be at most 1000.');
    expect((await created.reload()).knowledgeBaseIds ?? null).toBeNull();

    await threshold.fill('2');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('status').filter({ hasText: 'saved' }).waitFor();
    await created.reload();
    expect(created.knowledgeBaseIds).toEqual([returns.id]);
    expect(created.knowledgeThreshold).toBe(2);
  });
});
