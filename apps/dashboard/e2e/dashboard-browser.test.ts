import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHostPage, type HostPage } from '@parley/test-kit';
import { launchChromium } from '@parley/test-kit/chromium';
import { setupLink } from '../../server/src/features/auth/setup-token.ts';
import { SETUP_TOKEN } from '../../server/test/support/admin-client.ts';
import { startDashboardStack, type DashboardStack } from './support/stack.ts';

const ARTIFACTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const ADMIN = {
  fullName: 'Ada Admin',
  email: 'ada@example.com',
  password: 'a long admin passphrase',
};
const MARKUP = '<img src=x onerror="window.__xss=1"><b>bold?</b> Where is my order';

/**
 * One admin's day, in order: first-run setup, sign in, a widget and its snippet, a visitor on a
 * customer site, the live inbox, takeover and reply, hand back, a rule's dry run, a flag.
 * Screenshots of each step go to apps/dashboard/test-results/.
 */
describe('the dashboard in chromium', () => {
  let stack: DashboardStack;
  let browser: Browser;
  let adminContext: BrowserContext;
  let visitorContext: BrowserContext;
  let admin: Page;
  let visitor: Page;
  let host: HostPage | undefined;
  let widgetKey = '';
  const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png` });
  const nav = (label: string) =>
    admin.getByRole('navigation').getByRole('link', { name: label }).click();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = await startDashboardStack();
    browser = await launchChromium();
    adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await adminContext.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: stack.url,
    });
    visitorContext = await browser.newContext();
    admin = await adminContext.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await stack?.close();
  });

  it('offers first-run setup, then signs in', async () => {
    // Without the link from the server log, the form says where to find it.
    await admin.goto(`${stack.url}/admin`);
    await admin.getByRole('heading', { name: 'Create the first admin' }).waitFor();
    await admin.getByRole('status').filter({ hasText: 'one-time setup token' }).waitFor();
    // The link the server prints on a fresh install.
    await admin.goto(setupLink(stack.url, SETUP_TOKEN));
    await admin.getByRole('heading', { name: 'Create the first admin' }).waitFor();
    expect(await admin.getByLabel('Setup token').count()).toBe(0);
    await admin.getByLabel('Full name').fill(ADMIN.fullName);
    await admin.getByLabel('Email').fill(ADMIN.email);
    await admin.getByLabel('Password').fill(ADMIN.password);
    await shot(admin, '01-setup');
    await admin.getByRole('button', { name: 'Create admin' }).click();
    await admin.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect(new URL(admin.url()).search).toBe('');

    await admin.getByRole('button', { name: 'Sign out' }).click();
    await admin.getByRole('heading', { name: 'Sign in to Parley' }).waitFor();
    await admin.getByLabel('Email').fill(ADMIN.email);
    await admin.getByLabel('Password').fill('wrong password');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
    await admin.getByLabel('Password').fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { name: 'Inbox' }).waitFor();
    await shot(admin, '02-inbox-empty');
  });

  it('creates a widget and copies its embed snippet', async () => {
    await nav('Widgets');
    await admin.getByLabel('Name', { exact: true }).fill('Shop widget');
    await admin.getByLabel('Allowed origins').fill('https://placeholder.example.com');
    await admin.getByRole('button', { name: 'Create' }).click();
    const snippet = admin.getByTestId('embed-snippet');
    await snippet.waitFor();
    await admin.getByRole('button', { name: 'Copy snippet' }).click();
    await admin.getByRole('button', { name: 'Copied' }).waitFor();
    const copied = await admin.evaluate(() => navigator.clipboard.readText());
    const match = /data-widget-key="(wk_[0-9a-f]+)"/.exec(copied);
    expect(match).not.toBeNull();
    widgetKey = match![1]!;
    expect(copied).toBe(
      `<script async src="${stack.url}/widget.js" data-widget-key="${widgetKey}"></script>`,
    );

    // The customer's site embeds exactly that tag; its origin is then allowed in the editor.
    host = await serveHostPage({ serverUrl: stack.url, widgetKey });
    await admin.getByLabel('Allowed origins').fill(host.origin);
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('status').filter({ hasText: 'saved' }).waitFor();
    // The preview is the real widget: its launcher draws inside the frame.
    await admin
      .frameLocator('iframe.preview')
      .locator('parley-widget button.b')
      .waitFor({ timeout: 15_000 });
    await shot(admin, '03-widget-editor');
    await admin.locator('iframe.preview').screenshot({ path: `${ARTIFACTS}03-widget-preview.png` });
  });

  it('shows a visitor live in the inbox, with markup as text', async () => {
    await nav('Inbox');
    await admin.getByRole('list', { name: 'Conversations' }).waitFor();
    await admin.locator('[data-live=on]').waitFor();
    visitor = await visitorContext.newPage();
    await visitor.goto(host!.url);
    await visitor.locator('parley-widget button.b').click();
    await visitor.locator('parley-widget textarea').fill(MARKUP);
    await visitor.locator('parley-widget textarea').press('Enter');
    await visitor.locator('parley-widget li.msg.visitor').first().waitFor();
    // Whatever the assistant says first, it has said it before the agent takes over.
    await visitor
      .locator('parley-widget li.msg.ai, parley-widget li.msg.system')
      .first()
      .waitFor({ timeout: 15_000 });

    await shot(visitor, '04-visitor-asks');
    const row = admin.getByRole('button', { name: /Where is my order/ });
    await row.waitFor({ timeout: 15_000 });
    await shot(admin, '04-inbox-live');
    await row.click();
    const first = admin.locator('li.message.from-visitor .content').first();
    await first.waitFor();
    expect(await first.textContent()).toBe(MARKUP);
    expect(await admin.locator('li.message img').count()).toBe(0);
    expect(
      await admin.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
  });

  it('takes over, answers as an agent (no AI answer), and hands back', async () => {
    await admin.getByRole('button', { name: 'Take over' }).click();
    await admin.getByRole('button', { name: 'Hand back to AI' }).waitFor();
    const aiBefore = await visitor.locator('parley-widget li.msg.ai').count();

    await admin.getByLabel('Reply').fill('Hi, this is Ada. Let me check your order.');
    await admin.getByRole('button', { name: 'Send' }).click();
    await visitor
      .locator('parley-widget li.msg.agent')
      .filter({ hasText: 'Let me check your order' })
      .waitFor({ timeout: 15_000 });

    await visitor.locator('parley-widget textarea').fill('Thanks, the order number is 1234');
    await visitor.locator('parley-widget textarea').press('Enter');
    await admin.locator('li.message.from-visitor').filter({ hasText: '1234' }).waitFor();
    await visitor.waitForTimeout(1500);
    expect(await visitor.locator('parley-widget li.msg.ai').count()).toBe(aiBefore);
    await shot(visitor, '05-visitor-sees-agent');
    await shot(admin, '06-agent-conversation');

    await admin.getByRole('button', { name: 'Hand back to AI' }).click();
    await admin.getByRole('button', { name: 'Take over' }).waitFor();

    // The visitor asks for a person again: the inbox marks the conversation at once.
    await visitor.locator('parley-widget').getByText('Talk to a human').click();
    await admin.locator('.row .badge.warn').filter({ hasText: 'Handoff' }).waitFor();
    await shot(admin, '06b-handoff-marker');
  });

  it('edits a context rule and sees the dry run change', async () => {
    await stack.db.models.ContextRule.create({
      name: 'Shop help',
      contextType: 'general',
      keywords: ['pricing'],
      refusalMessage: 'I can only help with pricing.',
    });
    await nav('Context rules');
    await admin.getByRole('button', { name: /Shop help/ }).click();
    const ask = async () => {
      await admin.getByLabel('Question', { exact: true }).fill('Do you ship to Canada?');
      await admin.getByRole('button', { name: 'Run', exact: true }).click();
      await admin.getByTestId('dry-run-decision').waitFor();
      return admin.getByTestId('dry-run-decision').textContent();
    };
    const before = await ask();
    await shot(admin, '07-dry-run-before');
    await admin.getByLabel('Keywords').fill('pricing\nshipping\nship');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('button', { name: /Shop help \(v2\)/ }).waitFor();
    await expect.poll(ask, { timeout: 15_000 }).not.toBe(before);
    await shot(admin, '08-dry-run-after');
  });

  it('uploads a knowledge file and shows it indexed', async () => {
    await nav('Knowledge');
    await admin.getByLabel('Name', { exact: true }).last().fill('Shipping FAQ');
    await admin.getByLabel('File').setInputFiles({
      name: 'shipping.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Shipping\n\nWe ship to Canada and the US within five days.\n'),
    });
    await admin.getByRole('button', { name: 'Upload' }).click();
    await admin
      .getByRole('button', { name: /Shipping FAQ · ready · v\d+/ })
      .waitFor({ timeout: 20_000 });
    await shot(admin, '09-knowledge-indexed');
  });

  it('reviews a flagged message', async () => {
    await nav('Moderation');
    await admin.getByLabel('Pattern').fill('chargeback');
    await admin.getByLabel('Name', { exact: true }).fill('Chargebacks');
    await admin.getByRole('combobox', { name: 'Action' }).selectOption('flag');
    await admin.getByRole('button', { name: 'Create' }).click();
    await admin.getByRole('button', { name: /Chargebacks \(flag\)/ }).waitFor();

    await visitor.locator('parley-widget textarea').fill('I will file a chargeback');
    await visitor.locator('parley-widget textarea').press('Enter');
    const flag = admin.locator('li.flag').first();
    await flag.waitFor({ timeout: 15_000 });
    await shot(admin, '10-flag-queue');
    await flag.getByRole('button', { name: 'Approve' }).click();
    await admin.getByText('Nothing to review.').waitFor();
    const reviewed = await stack.db.models.FlaggedContent.findAll();
    expect(reviewed.map((row) => row.status)).toEqual(['approved']);
  });
});
