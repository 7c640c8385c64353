import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ask } from '../../server/test/support/widget-client.ts';
import { ARTIFACTS, useBrowserSuite } from './support/browser-suite.ts';
import { ADMIN } from './support/staff.ts';

/** Records every desktop notification and chime the page makes, then lets the browser make it. */
const RECORD_NOTIFICATIONS = () => {
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
    const counter = window as unknown as { tonesPlayed?: number };
    counter.tonesPlayed = (counter.tonesPlayed ?? 0) + 1;
    start.call(this, when);
  };
  const shown: string[] = [];
  (window as unknown as { shownNotifications: string[] }).shownNotifications = shown;
  const Original = window.Notification;
  class Recorded extends Original {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      shown.push(title);
    }
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Original.permission });
  Recorded.requestPermission = (...args) => Original.requestPermission(...args);
  window.Notification = Recorded;
};

/** What tells an agent that someone is waiting: counts, badges, title, alerts, notifications. */
describe('attention in chromium', () => {
  const suite = useBrowserSuite();
  afterEach(async () => {
    // Each test starts with nothing waiting: earlier conversations are closed, notes read.
    await suite.stack.db.models.ChatSession.update({ status: 'closed' }, { where: {} });
    await suite.stack.db.models.Notification.update({ read: true }, { where: {} });
  });
  const asks = async (question: string, more: string[] = []) => {
    const visitor = await suite.asks(question);
    for (const content of more)
      await ask(visitor.socket, 'message:send', {
        sessionId: visitor.session.id,
        clientId: crypto.randomUUID(),
        content,
      });
    return visitor;
  };

  /** Waits for the menu's badge to count `unread`, then opens the page; answers the badge. */
  const openNotifications = async (admin: Page, unread: number) => {
    const bell = admin.getByRole('navigation').getByLabel(`${unread} unread notifications`);
    await bell.waitFor();
    await admin
      .getByRole('navigation')
      .getByRole('link', { name: /Notifications/ })
      .click();
    return bell;
  };

  it('keeps unread counts across a reload, with a menu badge and a count in the tab title', async () => {
    const admin = await suite.open();
    await admin.locator('.connection[data-state=live]').waitFor();
    await asks('Do you deliver on Sundays?', ['Or on Saturdays?']);

    const row = admin.getByRole('button', { name: /Do you deliver on Sundays/ });
    const navBadge = admin.getByRole('navigation').getByLabel('2 unread messages');
    await row.getByLabel('2 unread').waitFor();
    await navBadge.waitFor();
    await expect.poll(() => admin.title()).toBe('(2) Parley dashboard');
    await admin.screenshot({ path: `${ARTIFACTS}attention-unread.png` });

    await admin.reload();
    await row.getByLabel('2 unread').waitFor();
    await navBadge.waitFor();
    expect(await admin.title()).toBe('(2) Parley dashboard');

    await row.click();
    await admin
      .locator('li.message.from-visitor')
      .filter({ hasText: 'Or on Saturdays?' })
      .waitFor();
    await expect.poll(() => admin.title()).toBe('Parley dashboard');
    expect(await admin.getByRole('navigation').locator('.nav-badge').count()).toBe(0);
    await admin.reload();
    await row.waitFor();
    expect(await row.locator('.badge').filter({ hasText: /^\d+$/ }).count()).toBe(0);
    expect(await admin.title()).toBe('Parley dashboard');
  });

  it('alerts on the desktop when opted in, and lists the server’s notifications', async () => {
    const admin = await suite.open(async (fresh) => {
      await fresh.grantPermissions(['notifications'], { origin: suite.stack.url });
      await fresh.addInitScript(RECORD_NOTIFICATIONS);
    });
    await admin.locator('.connection[data-state=live]').waitFor();
    const shown = () =>
      admin.evaluate(
        () => (window as unknown as { shownNotifications: string[] }).shownNotifications,
      );
    // Off until the agent asks for it.
    await asks('Before opting in');
    await admin.getByRole('button', { name: /Before opting in/ }).waitFor();
    expect(await shown()).toEqual([]);
    expect(
      await admin.evaluate(() => (window as unknown as { tonesPlayed?: number }).tonesPlayed),
    ).toBeUndefined();

    await admin.getByLabel('Desktop notifications').check();
    await admin.getByLabel('Sound').check();
    expect(await admin.getByLabel('Desktop notifications').isChecked()).toBe(true);
    const visitor = await asks('My parcel never arrived');
    await expect.poll(shown).toEqual(['Parley: New conversation']);
    const tones = () =>
      admin.evaluate(() => (window as unknown as { tonesPlayed?: number }).tonesPlayed ?? 0);
    expect(await tones()).toBeGreaterThan(0);
    await ask(visitor.socket, 'handoff:request', { sessionId: visitor.session.id });
    await expect
      .poll(shown)
      .toEqual(['Parley: New conversation', 'Parley: A visitor asked for a person']);

    const bell = await openNotifications(admin, 1);
    const item = admin
      .getByRole('list', { name: 'Notifications' })
      .getByRole('button', { name: /A visitor asked for a person/ });
    await item.waitFor();
    await admin.screenshot({ path: `${ARTIFACTS}attention-notifications.png` });
    await item.click();
    await admin.getByRole('heading', { name: 'My parcel never arrived' }).waitFor();
    await bell.waitFor({ state: 'detached' });
    const stored = await suite.stack.db.models.Notification.findAll({ where: { read: false } });
    expect(stored.map((row) => row.title)).toEqual([]);
  });

  it('marks every notification read at once from the notifications page', async () => {
    const admin = await suite.open();
    await admin.locator('.connection[data-state=live]').waitFor();
    for (const question of ['Where is my order?', 'Can I change my address?']) {
      const visitor = await asks(question);
      await ask(visitor.socket, 'handoff:request', { sessionId: visitor.session.id });
    }
    const bell = await openNotifications(admin, 2);
    await admin.getByRole('list', { name: 'Notifications' }).getByRole('button').nth(1).waitFor();
    await admin.screenshot({ path: `${ARTIFACTS}attention-mark-all-read.png` });
    await admin.getByRole('button', { name: 'Mark all read' }).click();
    await bell.waitFor({ state: 'detached' });
    await admin.getByRole('button', { name: 'Mark all read' }).waitFor({ state: 'detached' });
    const user = await suite.stack.db.models.User.findOne({ where: { email: ADMIN.email } });
    await expect
      .poll(() =>
        suite.stack.db.models.Notification.count({ where: { userId: user!.id, read: false } }),
      )
      .toBe(0);
    // Read on the server, not only on this page: a reload shows no badge.
    await admin.reload();
    await admin.locator('.connection[data-state=live]').waitFor();
    await admin.getByRole('list', { name: 'Notifications' }).waitFor();
    expect(
      await admin
        .getByRole('navigation')
        .getByLabel(/unread notifications/)
        .count(),
    ).toBe(0);
  });
});
