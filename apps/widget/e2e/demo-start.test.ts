import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { findFreePort, spawnServer, waitForStatus, type ServerProcess } from '@parley/test-kit';
import { launchChromium } from '@parley/test-kit/chromium';
import { openWatchedPage, widget } from './support/browser.ts';

/**
 * SPEC §3: a fresh start on the embedded database seeds the demo and serves its host page on
 * DEMO_PORT, so a visitor can chat there at once. The server runs as an operator would run it.
 */
describe('the demo on a fresh start', () => {
  let server: ServerProcess;
  let browser: Browser;
  let dataDir: string;
  let demoPort: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-demo-'));
    demoPort = await findFreePort();
    server = await spawnServer({
      env: { DATA_DIR: dataDir, DEMO_PORT: String(demoPort), LOG_LEVEL: 'info' },
    });
    await waitForStatus(`${server.url}/readyz`, 200, 30_000);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the demo URL; a visitor asks on the cross-origin demo page and the FAQ answers', async () => {
    const demoUrl = `http://127.0.0.1:${demoPort}/`;
    await expect.poll(() => server.output().stdout, { timeout: 10_000 }).toContain(demoUrl);
    expect(server.output().stdout).toContain(`${server.url}/admin`);

    const { page, problems } = await openWatchedPage(await browser.newContext());
    await page.goto(demoUrl);
    const ui = widget(page);
    await ui.launcher.click();
    await expect
      .poll(() => ui.panel.innerText(), { timeout: 10_000 })
      .toContain('I answer questions about Parley');
    await ui.input.fill('How do I embed the widget?');
    await ui.input.press('Enter');
    await expect
      .poll(() => ui.visitorMessages.last().innerText(), { timeout: 10_000 })
      .not.toMatch(/Waiting|Sending|Not sent/);
    // The built-in answerer replies from the seeded FAQ, citing it, with no AI provider set.
    const answer = ui.aiMessages.last();
    await expect.poll(() => answer.count(), { timeout: 15_000 }).toBe(1);
    await expect
      .poll(() => answer.locator('.src').innerText(), { timeout: 15_000 })
      .toContain('How do I embed the Parley widget on my site?');
    expect(await answer.locator('.who').innerText()).toBe('AI assistant');
    await page.screenshot({
      path: fileURLToPath(new URL('../test-results/demo-answer.png', import.meta.url)),
    });
    expect(problems).toEqual({ cspViolations: [], pageErrors: [], consoleErrors: [] });
  });
});
