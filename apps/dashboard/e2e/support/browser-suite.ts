import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from '@parley/test-kit/chromium';
import { seedWidget } from '../../../server/test/support/seed-widget.ts';
import { startDashboardStack, type DashboardStack } from './stack.ts';
import { setupAdmin, signedInPage, visitorAsks } from './staff.ts';

export const ARTIFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

export interface BrowserSuite {
  stack: DashboardStack;
  browser: Browser;
  /** A widget named "Shop" that visitors of the tests use. */
  widgetKey: string;
  /** A fresh context signed in as the admin, closed after the test. */
  open(prepare?: (context: BrowserContext) => Promise<void>): Promise<Page>;
  /** A visitor over a real widget socket (closed after the test) asks `question`. */
  asks(question: string): ReturnType<typeof visitorAsks>;
}

/**
 * Registers the hooks of a browser suite: one server (with an admin and a widget) and one
 * chromium for the file; pages and visitor sockets of a test are closed after it, so tests
 * do not depend on each other's order. `env` configures the server.
 */
export function useBrowserSuite(env: Record<string, string> = {}): BrowserSuite {
  let pages: Page[] = [];
  let sockets: Socket[] = [];
  const suite = {
    async open(prepare) {
      const page = await signedInPage(suite.browser, suite.stack.url, prepare);
      pages.push(page);
      return page;
    },
    async asks(question) {
      const visitor = await visitorAsks(suite.stack.url, suite.widgetKey, question);
      sockets.push(visitor.socket);
      return visitor;
    },
  } as BrowserSuite;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    suite.stack = await startDashboardStack(env);
    await setupAdmin(suite.stack.url);
    suite.widgetKey = (await seedWidget(suite.stack.db, { name: 'Shop' })).widgetKey;
    suite.browser = await launchChromium();
  });
  afterEach(async () => {
    sockets.forEach((socket) => socket.close());
    sockets = [];
    await Promise.all(pages.map((page) => page.context().close()));
    pages = [];
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.stack?.close();
  });
  return suite;
}
