import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@parley/test-kit/chromium';
import { ADMIN, api, setupAdmin } from '../../server/test/support/admin-client.ts';
import { startDashboardStack, type DashboardStack } from './support/stack.ts';

const ARTIFACTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const QUESTION = 'Hello from the preview, do you ship to Canada?';

/**
 * The widgets page's live preview in a real browser: a sandboxed frame (opaque origin) in which
 * the real widget still loads, connects and answers, and from which nothing reaches the
 * dashboard. Screenshots go to apps/dashboard/test-results/.
 */
describe('the sandboxed widget preview in chromium', () => {
  let stack: DashboardStack;
  let browser: Browser;
  let admin: Page;
  const cspErrors: string[] = [];
  const previewFrame = (): Frame => {
    const frame = admin.frames().find((candidate) => candidate.url().includes('/embed/'));
    if (!frame) throw new Error('no preview frame');
    return frame;
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = await startDashboardStack();
    const { accessToken } = await setupAdmin(stack.url);
    // A widget for a customer's site: neither the dashboard nor `null` is among its origins.
    const created = await api(stack.url, 'POST /api/v1/widgets', {
      token: accessToken,
      body: {
        name: 'Preview shop',
        title: 'Shop help',
        allowedOrigins: ['https://shop.example.com'],
      },
    });
    expect(created.status).toBe(201);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
    admin = await context.newPage();
    admin.on('console', (message) => {
      if (/content security policy/i.test(message.text())) cspErrors.push(message.text());
    });
    await admin.goto(`${stack.url}/admin`);
    await admin.getByLabel('Email').fill(ADMIN.email);
    await admin.getByLabel('Password').fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { name: 'Inbox' }).waitFor();
    await admin.getByRole('navigation').getByRole('link', { name: 'Widgets' }).click();
    await admin.getByRole('button', { name: 'Preview shop' }).click();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('runs the widget in a sandboxed frame, where it loads, connects and answers', async () => {
    const frameElement = admin.locator('iframe.preview');
    await frameElement.waitFor();
    expect(await frameElement.getAttribute('sandbox')).toBe('allow-scripts');
    expect(await frameElement.getAttribute('srcdoc')).toBeNull();

    const frame = admin.frameLocator('iframe.preview');
    await frame.locator('parley-widget button.b').click({ timeout: 15_000 });
    const composer = frame.locator('parley-widget textarea');
    await composer.fill(QUESTION);
    await composer.press('Enter');
    await frame.locator('parley-widget li.msg.visitor').filter({ hasText: QUESTION }).waitFor();
    // The assistant's answer comes back over the preview's socket.
    const answer = frame.locator('parley-widget li.msg.ai').first();
    await answer.waitFor({ timeout: 20_000 });
    expect((await answer.textContent())?.trim()).not.toBe('');
    await frameElement.scrollIntoViewIfNeeded();
    await admin.screenshot({ path: `${ARTIFACTS}11-widget-preview-sandboxed.png` });
    await frameElement.screenshot({ path: `${ARTIFACTS}11-widget-preview-frame.png` });
    expect(cspErrors).toEqual([]);
  });

  it("keeps script in the frame away from the dashboard's document and storage", async () => {
    // The dashboard itself holds a refresh token: that is what the frame must not reach.
    expect(await admin.evaluate(() => sessionStorage.getItem('parley.refreshToken'))).toBeTruthy();
    const seen = await previewFrame().evaluate(() => {
      const attempt = (read: () => unknown) => {
        try {
          read();
          return 'readable';
        } catch (error) {
          return (error as Error).name;
        }
      };
      return {
        origin: self.origin,
        parentDocument: attempt(() => parent.document.title),
        parentStorage: attempt(() => parent.sessionStorage.getItem('parley.refreshToken')),
        localStorage: attempt(() => localStorage.length),
        sessionStorage: attempt(() => sessionStorage.length),
        cookie: attempt(() => document.cookie),
      };
    });
    expect(seen).toEqual({
      origin: 'null',
      parentDocument: 'SecurityError',
      parentStorage: 'SecurityError',
      localStorage: 'SecurityError',
      sessionStorage: 'SecurityError',
      cookie: 'SecurityError',
    });
  });
});
