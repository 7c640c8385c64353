import type { BrowserContext, Page } from 'playwright-core';

/** What a page reported that a host site would care about. */
export interface PageProblems {
  cspViolations: string[];
  pageErrors: string[];
  consoleErrors: string[];
}

/**
 * A page that records CSP violations (the `securitypolicyviolation` event), uncaught errors and
 * console errors, so a test can assert that the widget caused none.
 */
export async function openWatchedPage(
  context: BrowserContext,
): Promise<{ page: Page; problems: PageProblems }> {
  const page = await context.newPage();
  const problems: PageProblems = { cspViolations: [], pageErrors: [], consoleErrors: [] };
  await page.exposeFunction('__reportCsp', (text: string) => problems.cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCsp(text: string): void }).__reportCsp;
      report(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.consoleErrors.push(`${message.text()} (${message.location().url})`);
    }
  });
  return { page, problems };
}

/** The widget's parts, found through its open shadow root (Playwright's CSS pierces it). */
export function widget(page: Page) {
  return {
    launcher: page.locator('parley-widget button.b'),
    panel: page.locator('parley-widget [role=dialog]'),
    input: page.locator('parley-widget textarea'),
    messages: page.locator('parley-widget li.msg:not(.greet)'),
    visitorMessages: page.locator('parley-widget li.msg.visitor'),
    aiMessages: page.locator('parley-widget li.msg.ai'),
    status: page.locator('parley-widget p.st'),
  };
}

/** The element that has focus, looking inside shadow roots. */
export function deepActiveElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el ? `${el.tagName.toLowerCase()}${el.className ? `.${el.className}` : ''}` : 'none';
  });
}
