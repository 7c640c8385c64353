import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { findFreePort, spawnServer, waitForStatus, type ServerProcess } from '@parley/test-kit';
import { launchChromium, openWatchedPage, widget } from './support/browser.ts';

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

  it('prints the demo URL and lets a visitor chat on the cross-origin demo page', async () => {
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
    expect(problems).toEqual({ cspViolations: [], pageErrors: [], consoleErrors: [] });
  });
});
