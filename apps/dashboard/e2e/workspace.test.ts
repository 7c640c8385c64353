import { describe, expect, it } from 'vitest';

import { connectAdmin, next } from '../../server/test/support/admin-socket.ts';
import { AGENT, api } from '../../server/test/support/admin-client.ts';
import { connectWidget, ask, askOk } from '../../server/test/support/widget-client.ts';
import { ARTIFACTS, useBrowserSuite } from './support/browser-suite.ts';
import { ADMIN, colleague } from './support/staff.ts';

const SAFARI_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15';

/** The agent's workspace: who holds what, the visitor beside the conversation, the keyboard. */
describe('the agent workspace in chromium', () => {
  const suite = useBrowserSuite();
  const row = (page: Awaited<ReturnType<typeof suite.open>>, text: RegExp) =>
    page.locator('button.row').filter({ hasText: text });

  it('assigns a conversation to a named agent and warns while a colleague holds it', async () => {
    await suite.asks('Can I change my delivery address?');
    const other = await colleague(suite.stack.url);
    try {
      const admin = await suite.open();
      const line = row(admin, /change my delivery address/);
      await line.click();
      await admin.locator('.holder-bar').getByText('Unassigned').waitFor();
      expect(await line.locator('.holder').textContent()).toBe('Unassigned');
      await line.locator('.row-preview').waitFor();

      const samHears = next(other.socket, 'session:assigned');
      await admin.getByLabel('Assign to').selectOption({ label: 'Sam Agent' });
      expect((await samHears).assignedUserName).toBe('Sam Agent');
      const warning = admin
        .getByRole('alert')
        .filter({ hasText: 'Sam Agent holds this conversation' });
      await warning.waitFor();
      await line.locator('.holder').filter({ hasText: 'Sam Agent' }).waitFor();
      await admin.screenshot({ path: `${ARTIFACTS}workspace-assigned.png` });

      // Sam hands it to Ada over their own socket: her page hears it live, the warning goes.
      const { session } = await askOk(other.socket, 'session:join', {
        sessionId: (await line.getAttribute('data-session-id')) ?? '',
      });
      const adaId = (
        await api<{ items: Array<{ id: string; fullName: string }> }>(
          suite.stack.url,
          'GET /api/v1/agents',
          { token: await tokenOf(suite.stack.url) },
        )
      ).body.items.find((agent) => agent.fullName === ADMIN.fullName)!.id;
      await ask(other.socket, 'session:assign', { sessionId: session.id, userId: adaId });
      await warning.waitFor({ state: 'detached' });
      await admin.locator('.holder-bar').getByText('Held by you').waitFor();

      await admin.getByLabel('View').selectOption('mine');
      await row(admin, /change my delivery address/).waitFor();
    } finally {
      other.socket.close();
    }
  });

  it('says who handled a closed conversation, not that they still hold it', async () => {
    await suite.asks('Closing: thanks, that is all');
    const admin = await suite.open();
    await row(admin, /thanks, that is all/).click();
    await admin.getByRole('button', { name: 'Take over' }).click();
    await admin.locator('.holder-bar').getByText('Held by you').waitFor();
    await admin.getByRole('button', { name: 'Close', exact: true }).click();
    await admin.locator('.holder-bar').getByText('Closed; handled by you').waitFor();
    expect(await admin.locator('.holder-bar').textContent()).not.toContain('Held by');
  });

  it('tells an agent who opens an admin page by its address that it is for admins', async () => {
    const agent = await colleague(suite.stack.url);
    agent.socket.close();
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${suite.stack.url}/admin/widgets`);
      await page.getByLabel('Email').fill(AGENT.email);
      await page.getByLabel('Password').fill(AGENT.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'For admins' }).waitFor();
      expect(await page.getByRole('button', { name: 'Create' }).count()).toBe(0);
      expect(await page.locator('form.card').count()).toBe(0);
      await page.getByRole('navigation').getByRole('link', { name: 'Inbox' }).click();
      await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('bans the visitor of a conversation from the conversation, for a day', async () => {
    const visitor = await suite.asks('Ban me: you are all useless');
    const admin = await suite.open();
    await row(admin, /you are all useless/).click();
    const told = next(visitor.socket, 'visitor:banned');
    await admin.getByRole('button', { name: 'Ban visitor…' }).click();
    const form = admin.getByRole('form', { name: 'Ban this visitor' });
    await form.getByLabel('Reason').fill('Insults');
    await form.getByLabel('For').selectOption({ label: '1 day' });
    await admin.screenshot({ path: `${ARTIFACTS}workspace-ban-form.png` });
    await form.getByRole('button', { name: 'Ban', exact: true }).click();
    await admin.getByRole('status').filter({ hasText: 'Banned until' }).waitFor();
    const notice = await told;
    const hoursLeft = (Date.parse(notice.expiresAt ?? '') - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(23);
    expect(hoursLeft).toBeLessThanOrEqual(24);

    await admin.getByRole('navigation').getByRole('link', { name: 'Bans' }).click();
    await admin
      .getByRole('button', {
        name: new RegExp(`^Visitor ${visitor.session.visitorId.slice(0, 8)} · until .* · Insults$`),
      })
      .waitFor();
  });

  it('lists only conversations nobody holds under "Unassigned"', async () => {
    const held = await suite.asks('Held: where is parcel 7781?');
    await suite.asks('Free: do you ship to Norway?');
    const staff = await connectAdmin(suite.stack.url, await tokenOf(suite.stack.url));
    try {
      await ask(staff, 'session:takeover', { sessionId: held.session.id });
      const admin = await suite.open();
      await row(admin, /parcel 7781/).waitFor();
      await row(admin, /do you ship to Norway/).waitFor();
      await admin.getByLabel('View').selectOption('unassigned');
      await row(admin, /parcel 7781/).waitFor({ state: 'detached' });
      await row(admin, /do you ship to Norway/).waitFor();
      await admin.getByLabel('View').selectOption('');
      await row(admin, /parcel 7781/)
        .locator('.holder', { hasText: 'You' })
        .waitFor();
    } finally {
      staff.close();
    }
  });

  it('shows the visitor beside the conversation: page, referrer, browser, identity, past chats', async () => {
    const socket = await connectWidget(suite.stack.url, {
      widgetKey: suite.widgetKey,
      userAgent: SAFARI_UA,
    });
    const staff = await connectAdmin(suite.stack.url, await tokenOf(suite.stack.url));
    try {
      const start = (url: string) =>
        askOk(socket, 'session:start', {
          page: { url, title: 'Shop', referrer: 'https://news.example.net/review' },
          locale: 'fr-FR',
        });
      const say = (sessionId: string, content: string) =>
        ask(socket, 'message:send', { sessionId, clientId: crypto.randomUUID(), content });
      await ask(socket, 'identify', {
        id: 'cust-991',
        name: 'Zoé Martin',
        email: 'zoe@example.com',
        attributes: { plan: 'Gold' },
      });
      const first = await start('https://shop.example.com/returns');
      await say(first.session.id, 'Earlier: my order 5512 arrived broken');
      await ask(staff, 'session:close', { sessionId: first.session.id });
      const second = await start('https://shop.example.com/checkout');
      await say(second.session.id, 'Now: can I pay by invoice?');

      const admin = await suite.open();
      await row(admin, /can I pay by invoice/).click();
      const panel = admin.getByRole('complementary', { name: 'Visitor' });
      const value = (label: string) =>
        panel.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=../dd');
      await value('Name').filter({ hasText: 'Zoé Martin' }).waitFor();
      expect(await value('Email').textContent()).toBe('zoe@example.com');
      expect(await value('Page').textContent()).toBe('https://shop.example.com/checkout');
      expect(await value('Came from').textContent()).toBe('https://news.example.net/review');
      expect(await value('Browser').textContent()).toBe('Safari 17 on macOS');
      expect(await value('Language').textContent()).toBe('fr-FR');
      expect(await value('plan').textContent()).toBe('Gold');
      await admin.screenshot({ path: `${ARTIFACTS}workspace-visitor-panel.png` });

      await panel.getByRole('button', { name: /my order 5512 arrived broken/ }).click();
      await admin
        .getByRole('heading', { level: 2, name: /my order 5512 arrived broken/ })
        .waitFor();
      await value('Page').filter({ hasText: 'https://shop.example.com/returns' }).waitFor();
    } finally {
      socket.close();
      staff.close();
    }
  });

  it('inserts a canned reply an admin wrote, by typing /shortcut in the reply', async () => {
    // Unique per run: the file shares one database and tests may run in any order.
    const shortcut = `refund-${Date.now().toString(36)}`;
    const visitor = await suite.asks('Canned: how long do refunds take?');
    const admin = await suite.open();
    await admin.getByRole('link', { name: 'Canned replies' }).click();
    await admin.getByRole('textbox', { name: /^Shortcut/ }).fill(shortcut);
    await admin.getByRole('textbox', { name: /^Title/ }).fill('Refund time');
    await admin
      .getByRole('textbox', { name: /^Text/ })
      .fill('Refunds reach your card within 5 working days.');
    await admin.getByRole('button', { name: 'Create' }).click();
    await admin.getByRole('button', { name: `/${shortcut} · Refund time` }).waitFor();

    await admin.getByRole('link', { name: 'Inbox' }).click();
    await row(admin, /how long do refunds take/).click();
    const reply = admin.getByLabel('Reply');
    await reply.pressSequentially(`Hello! /${shortcut.slice(0, 6)}`, { delay: 20 });
    const option = admin
      .getByRole('listbox', { name: 'Canned replies' })
      .getByRole('option', { name: new RegExp(`/${shortcut}`) });
    await option.waitFor();
    await admin.screenshot({ path: `${ARTIFACTS}workspace-canned-picker.png` });
    await admin.keyboard.press('Enter');
    await admin.getByRole('listbox', { name: 'Canned replies' }).waitFor({ state: 'detached' });
    expect(await reply.inputValue()).toBe('Hello! Refunds reach your card within 5 working days.');

    const delivered = next(visitor.socket, 'message:new', (m) =>
      m.content.includes('5 working days'),
    );
    await admin.keyboard.press('Enter');
    expect((await delivered).content).toBe('Hello! Refunds reach your card within 5 working days.');
  });

  it('keeps a refused reply in the box to be fixed, and clears it once sent', async () => {
    const visitor = await suite.asks('Draft: can you explain everything in detail?');
    const admin = await suite.open();
    await row(admin, /explain everything in detail/).click();
    const reply = admin.getByLabel('Reply');
    const tooLong = `${'All the details. '.repeat(260)}`;
    await reply.fill(tooLong);
    await reply.press('Enter');
    await admin
      .getByRole('alert')
      .filter({ hasText: /at most/ })
      .waitFor();
    expect(await reply.inputValue()).toBe(tooLong);

    const delivered = next(visitor.socket, 'message:new', (m) => m.content === 'The short one.');
    await reply.fill('The short one.');
    await reply.press('Enter');
    await delivered;
    await expect.poll(() => reply.inputValue()).toBe('');
  });

  it('shows a flagged message in its context with the rule by name, and opens its conversation', async () => {
    const word = `zorblax${Date.now().toString(36)}`;
    await addModerationRule(suite.stack.url, {
      name: `Watch ${word}`,
      pattern: word,
      action: 'flag',
    });
    const visitor = await suite.asks('Queue: my tablet screen cracked');
    await ask(visitor.socket, 'message:send', {
      sessionId: visitor.session.id,
      clientId: crypto.randomUUID(),
      content: `I will ${word} you all`,
    });
    const admin = await suite.open();
    await admin.getByRole('link', { name: 'Moderation' }).click();
    const entry = admin.locator('li.flag').filter({ hasText: `Rule “Watch ${word}”` });
    await entry.waitFor();
    const context = entry.getByRole('list', { name: 'Message in context' });
    await context.getByText('Queue: my tablet screen cracked').waitFor();
    expect(await context.locator('li.flagged').textContent()).toContain(`I will ${word} you all`);
    expect(await entry.textContent()).toContain('Delivered and flagged; waiting for review');
    await admin.screenshot({ path: `${ARTIFACTS}workspace-moderation-queue.png` });
    await entry.getByRole('button', { name: 'Open conversation' }).click();
    await admin.getByRole('heading', { level: 2, name: /my tablet screen cracked/ }).waitFor();
  });

  it('says a message moderation hid is hidden, instead of an empty bubble', async () => {
    const word = `grumblex${Date.now().toString(36)}`;
    await addModerationRule(suite.stack.url, {
      name: `Block ${word}`,
      pattern: word,
      action: 'block',
    });
    const visitor = await suite.asks('Hidden: where is my order?');
    const refused = await ask(visitor.socket, 'message:send', {
      sessionId: visitor.session.id,
      clientId: crypto.randomUUID(),
      content: `You are all ${word}`,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BLOCKED_BY_MODERATION' } });
    const admin = await suite.open();
    await row(admin, /where is my order/).click();
    const visitorLines = admin.locator('li.message.from-visitor');
    await expect.poll(() => visitorLines.count()).toBe(2);
    expect(await visitorLines.last().locator('.content').textContent()).toContain(
      'Hidden by moderation',
    );
    expect((await admin.locator('li.message').allTextContents()).join(' ')).not.toContain(word);
  });

  it('moves through the inbox with j/k, opens with Enter, and explains the keys on ?', async () => {
    await suite.asks('Keys one: gift wrapping?');
    await suite.asks('Keys two: gift cards?');
    const admin = await suite.open();
    await row(admin, /Keys two/).waitFor();
    await row(admin, /Keys one/).waitFor();
    // Rows may still move (answers arrive), so each step follows the highlighted id, not a place.
    const highlighted = () =>
      admin.locator('button.row.highlighted').getAttribute('data-session-id', { timeout: 5_000 });
    const selectedIs = (id: string | null) =>
      admin.locator(`button.row.selected[data-session-id="${id}"]`).waitFor();
    await admin.keyboard.press('j');
    const first = await highlighted();
    await admin.keyboard.press('j');
    await expect.poll(highlighted).not.toBe(first);
    const second = await highlighted();
    await admin.keyboard.press('k');
    await expect.poll(highlighted).not.toBe(second);
    const third = await highlighted();
    await admin.keyboard.press('Enter');
    await selectedIs(third);
    await admin.keyboard.press('j');
    await expect.poll(highlighted).not.toBe(third);
    const fourth = await highlighted();
    await admin.keyboard.press('Enter');
    await selectedIs(fourth);
    await admin.keyboard.press('/');
    await admin.getByLabel('Reply').evaluate((el) => {
      if (document.activeElement !== el) throw new Error('the composer is not focused');
    });
    await admin.keyboard.press('Escape');
    await admin.keyboard.press('?');
    const help = admin.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByText('Next conversation').waitFor();
    await admin.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
  });

  it('keeps up with j pressed quickly: three presses move three rows', async () => {
    for (const topic of ['returns', 'sizes', 'colours']) await suite.asks(`Quick keys: ${topic}?`);
    const admin = await suite.open();
    await row(admin, /Quick keys: colours/).waitFor();
    // All three presses land within one task, before the page can repaint: as fast as a key held down.
    const third = await admin.evaluate(() => {
      const ids = [...document.querySelectorAll('button.row')].map((el) =>
        el.getAttribute('data-session-id'),
      );
      for (let i = 0; i < 3; i += 1) {
        document.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
      }
      return ids[2];
    });
    await admin.locator(`button.row.highlighted[data-session-id="${third}"]`).waitFor();
  });

  it('keeps the reply box in view on a laptop screen however long the conversation', async () => {
    const visitor = await suite.asks('Long: first of many questions about my order');
    for (let i = 2; i <= 15; i += 1)
      await askOk(visitor.socket, 'message:send', {
        sessionId: visitor.session.id,
        clientId: crypto.randomUUID(),
        content: `Long: question ${i} about my order, with some detail to make it wrap a little`,
      });
    const admin = await suite.open();
    await admin.setViewportSize({ width: 1280, height: 800 });
    await row(admin, /Long: first of many/).click();
    const last = admin.locator('li.message').filter({ hasText: 'question 15 about' });
    await last.waitFor();
    // The messages scroll inside the conversation; the page itself does not, and the reply box
    // and the newest message are both on screen.
    expect(await admin.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(
      800,
    );
    const reply = (await admin.getByLabel('Reply').boundingBox())!;
    expect(reply.y + reply.height).toBeLessThanOrEqual(800);
    // The list sits at its end: its newest entry (an answer may follow the last question) is
    // in view, above the reply box.
    const list = (await admin.locator('ol.messages').boundingBox())!;
    const newest = admin.locator('ol.messages > li').last();
    await expect
      .poll(async () => {
        const box = (await newest.boundingBox())!;
        return box.y + box.height > list.y && box.y + box.height <= list.y + list.height + 1;
      })
      .toBe(true);
    expect(list.y + list.height).toBeLessThanOrEqual(reply.y);
    expect(
      await admin.locator('ol.messages').evaluate((el) => el.scrollHeight > el.clientHeight),
    ).toBe(true);
    await admin.screenshot({ path: `${ARTIFACTS}long-conversation.png` });
  });

  it('shows a new handoff live in the "Waiting for a person" view', async () => {
    const admin = await suite.open();
    await admin.getByLabel('Status', { exact: true }).selectOption('handoff');
    const visitor = await suite.asks('Handoff: my order arrived broken');
    await ask(visitor.socket, 'handoff:request', { sessionId: visitor.session.id });
    await admin
      .locator(`button.row[data-session-id="${visitor.session.id}"]`)
      .filter({ hasText: /arrived broken/ })
      .waitFor({ timeout: 10_000 });
  });

  it('brings back a conversation older than the first page when its visitor writes again', async () => {
    const returning = await suite.asks('Old: is the warranty two years?');
    // Thirty newer conversations push it off the inbox's first page.
    for (let batch = 0; batch < 6; batch += 1) {
      await Promise.all(
        Array.from({ length: 5 }, (_, i) => suite.asks(`Newer ${batch * 5 + i}: opening hours?`)),
      );
    }
    const admin = await suite.open();
    await row(admin, /Newer 29/).waitFor();
    expect(await row(admin, /warranty two years/).count()).toBe(0);

    await ask(returning.socket, 'message:send', {
      sessionId: returning.session.id,
      clientId: crypto.randomUUID(),
      content: 'Back again: and for refurbished ones?',
    });
    // Its line comes back on top (the assistant's answer may follow and become the preview).
    const topLine = () => admin.locator('button.row').first().getAttribute('data-session-id');
    await expect.poll(topLine, { timeout: 10_000 }).toBe(returning.session.id);
    await row(admin, /warranty two years/).waitFor();
  });
});

/** A fresh access token of the admin, for staff sockets and REST calls made by the test. */
async function tokenOf(url: string): Promise<string> {
  const login = await api<{ accessToken: string }>(url, 'POST /api/v1/auth/login', {
    body: { email: ADMIN.email, password: ADMIN.password },
  });
  return login.body.accessToken;
}

/** A moderation rule matching `pattern`, made through the API as an admin would. */
async function addModerationRule(
  url: string,
  body: { name: string; pattern: string; action: 'flag' | 'block' },
): Promise<void> {
  const rule = await api(url, 'POST /api/v1/moderation-rules', { token: await tokenOf(url), body });
  expect(rule.status).toBe(201);
}
