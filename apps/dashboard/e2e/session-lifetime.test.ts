import { describe, expect, it } from 'vitest';
import { ask } from '../../server/test/support/widget-client.ts';
import { ARTIFACTS, useBrowserSuite } from './support/browser-suite.ts';

/** The shortest access-token lifetime the server accepts (ACCESS_TOKEN_TTL_S). */
const TOKEN_TTL_S = 30;
const ROUNDS = 4;

/**
 * A working day compressed: access tokens that last 30 seconds, and an inbox that must stay
 * signed in and live across several of them, and come back after a dropped connection.
 */
describe('a dashboard session in chromium', () => {
  const suite = useBrowserSuite({ ACCESS_TOKEN_TTL_S: String(TOKEN_TTL_S) });
  const open = () => suite.open();

  it(
    'stays signed in and live across several token lifetimes, without reload',
    { timeout: (ROUNDS + 2) * TOKEN_TTL_S * 1000 },
    async () => {
      const admin = await open();
      let refreshes = 0;
      admin.on('request', (request) => {
        if (request.url().endsWith('/api/v1/auth/refresh')) refreshes += 1;
      });
      await admin.evaluate(
        () => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true),
      );
      await admin.locator('.connection[data-state=live]').waitFor();

      for (let round = 1; round <= ROUNDS; round += 1) {
        // Let (at least) one access token lifetime pass before each visitor arrives.
        await admin.waitForTimeout(TOKEN_TTL_S * 1000 + 2000);
        const question = `Round ${round}: where is my parcel?`;
        const visitor = await suite.asks(question);
        const row = admin.getByRole('button', { name: new RegExp(question) });
        await row.waitFor({ timeout: 10_000 });
        await ask(visitor.socket, 'handoff:request', { sessionId: visitor.session.id });
        await row
          .locator('.badge.warn')
          .filter({ hasText: 'Handoff' })
          .waitFor({ timeout: 10_000 });
      }

      await admin.screenshot({ path: `${ARTIFACTS}session-lifetime-inbox.png` });
      expect(
        await admin.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce),
      ).toBe(true);
      expect(await admin.getByRole('heading', { name: 'Sign in to Parley' }).count()).toBe(0);
      expect(await admin.locator('.connection').getAttribute('data-state')).toBe('live');
      // The token was renewed ahead of expiry, about once per lifetime.
      expect(refreshes).toBeGreaterThanOrEqual(ROUNDS);
      // A page that loads several things at once after all that still works.
      await admin.getByRole('navigation').getByRole('link', { name: 'Widgets' }).click();
      await admin.getByRole('button', { name: /Shop/ }).first().waitFor();
    },
  );

  it('shows a lost connection at the top, reconnects, and shows what it missed', async () => {
    const admin = await open();
    await admin.locator('.connection[data-state=live]').waitFor();

    await admin.context().setOffline(true);
    const bar = admin.getByRole('status').filter({ hasText: 'Connection lost' });
    await bar.waitFor({ timeout: 30_000 });
    expect(await bar.boundingBox()).toMatchObject({ y: 0 });
    await admin.screenshot({ path: `${ARTIFACTS}session-offline-bar.png` });

    const question = 'Asked while the agent was offline';
    await suite.asks(question);
    await admin.context().setOffline(false);

    await admin.locator('.connection[data-state=live]').waitFor({ timeout: 30_000 });
    await admin.getByRole('button', { name: new RegExp(question) }).waitFor({ timeout: 10_000 });
  });
});
