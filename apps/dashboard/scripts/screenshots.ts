/**
 * `pnpm screenshots`: starts the real server (SQLite in a temporary directory, built-in
 * answerer) serving the built dashboard, seeds a small demo (knowledge, a rule, a widget,
 * visitors asking over real sockets, a handoff, thumbs), and writes what users see with Debian's
 * chromium to docs/screenshots/: the inbox on a desktop, on a 390 px phone and in the dark, the
 * analytics page and the widget form.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@parley/test-kit/chromium';
import { api } from '../../server/test/support/admin-client.ts';
import { seedWidget } from '../../server/test/support/seed-widget.ts';
import { ask } from '../../server/test/support/widget-client.ts';
import { startDashboardStack, type DashboardStack } from '../e2e/support/stack.ts';
import { setupAdmin, signedInPage, visitorAsks } from '../e2e/support/staff.ts';

const OUT = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const FAQ = `# Shipping
We ship to the EU, the UK, Canada and the US. Orders leave our warehouse within two working days.

# Returns
Returns are free within 30 days of delivery. Print the label from your account page.

# Payment
We take cards, PayPal and bank transfers. Invoices are sent by email.`;
const QUESTIONS = [
  'Do you ship to Canada?',
  'do you ship to canada',
  'How long do returns take?',
  'Can I pay by bank transfer?',
  'Do you ship to Canada??',
  'I need to talk to a person about my order',
];

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 100; tries += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function seedDemo(stack: DashboardStack): Promise<void> {
  const { accessToken: token } = await setupAdmin(stack.url);
  const { db } = stack;
  await api(stack.url, 'POST /api/v1/knowledge-bases', {
    token,
    body: { name: 'Shop FAQ', sourceType: 'text', content: FAQ },
  });
  await waitFor(
    async () => (await db.models.KnowledgeBaseConfig.count({ where: { status: 'ready' } })) > 0,
    'the knowledge base to be indexed',
  );
  const rule = await api<{ id: string }>(stack.url, 'POST /api/v1/context-rules', {
    token,
    body: {
      name: 'Shop help',
      keywords: ['ship', 'shipping', 'return', 'pay', 'order'],
      excludedTopics: ['medical advice'],
      useKnowledgeBases: true,
    },
  });
  const widget = await seedWidget(db, { name: 'Acme shop' });
  await widget.update({ contextRuleId: rule.body.id, primaryColor: '#0f766e' });
  const sockets = [];
  for (const question of QUESTIONS) {
    const visitor = await visitorAsks(stack.url, widget.widgetKey, question);
    sockets.push(visitor.socket);
    if (question.includes('person'))
      await ask(visitor.socket, 'handoff:request', { sessionId: visitor.session.id });
  }
  await waitFor(
    // The request for a person is a handoff, not a question for the assistant.
    async () => (await db.models.AiInteractionLog.count()) >= QUESTIONS.length - 1,
    'the assistant to answer',
  );
  // Thumbs from three visitors, so satisfaction has something to say.
  const answers = await db.models.ChatMessage.findAll({ where: { senderType: 'ai' }, limit: 3 });
  for (const [index, answer] of answers.entries()) {
    const session = await db.models.ChatSession.findByPk(answer.sessionId);
    await db.models.MessageFeedback.create({
      messageId: answer.id,
      visitorId: session!.visitorId,
      rating: index < 2 ? 'up' : 'down',
    });
  }
  sockets.forEach((socket) => socket.close());
}

async function openConversation(page: Page, title: RegExp): Promise<void> {
  await page.getByRole('button', { name: title }).first().click();
  await page.locator('.message.from-visitor').first().waitFor();
}

async function shoot(browser: Browser, url: string): Promise<void> {
  const desktop = await signedInPage(browser, url);
  await openConversation(desktop, /talk to a person/);
  await desktop.screenshot({ path: `${OUT}inbox-desktop.png` });
  await desktop.emulateMedia({ colorScheme: 'dark' });
  await desktop.screenshot({ path: `${OUT}inbox-dark.png` });
  await desktop.emulateMedia({ colorScheme: 'light' });
  await desktop.getByRole('navigation').getByRole('link', { name: 'Analytics' }).click();
  await desktop.locator('.uplot').nth(2).waitFor();
  await desktop.locator('.top-questions li').first().waitFor();
  await desktop.screenshot({ path: `${OUT}analytics.png`, fullPage: true });
  await desktop.getByRole('navigation').getByRole('link', { name: 'Widgets' }).click();
  await desktop.getByRole('button', { name: 'Acme shop' }).click();
  await desktop
    .getByRole('group', { name: 'Page routes' })
    .getByRole('button', { name: 'Add route' })
    .click();
  // The preview's launcher drawn, and the page at its top (the sticky bar stays there).
  await desktop.frameLocator('iframe.preview').locator('parley-widget button.b').waitFor();
  await desktop.evaluate(() => window.scrollTo(0, 0));
  await desktop.screenshot({ path: `${OUT}widget-form.png`, fullPage: true });
  await desktop.context().close();

  const phone = await signedInPage(browser, url);
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.getByRole('button', { name: /talk to a person/ }).waitFor();
  await phone.screenshot({ path: `${OUT}inbox-phone.png` });
  await openConversation(phone, /talk to a person/);
  await phone.screenshot({ path: `${OUT}inbox-phone-conversation.png` });
  await phone.context().close();
}

const stack = await startDashboardStack();
const browser = await launchChromium();
try {
  mkdirSync(OUT, { recursive: true });
  await seedDemo(stack);
  await shoot(browser, stack.url);
  console.log(`screenshots written to ${OUT}`);
} finally {
  await browser.close();
  await stack.close();
}
