import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@parley/test-kit/chromium';
import type { Browser, BrowserContext } from 'playwright-core';

import { connectAdmin, next } from '../../server/test/support/admin-socket.ts';
import { createAgent, setupAdmin } from '../../server/test/support/admin-client.ts';
import { askOk } from '../../server/test/support/widget-client.ts';
import { openWatchedPage, widget } from './support/browser.ts';
import { startParleyStack, type ParleyStack } from './support/parley-stack.ts';

const poll = <T>(read: () => Promise<T> | T, timeout = 10_000) => expect.poll(read, { timeout });

// Issue #12, in a real browser: asking for a person in words hands off to the agents' inbox,
// the assistant (which answers every other message) then waits quietly, and the visitor sees the
// agent typing.
describe('asking for a person from the widget', () => {
  let stack: ParleyStack;
  let browser: Browser;
  let context: BrowserContext;
  let inbox: Socket;

  beforeAll(async () => {
    stack = await startParleyStack();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const admin = await setupAdmin(stack.serverUrl);
    const agent = await createAgent(stack.serverUrl, admin.accessToken);
    inbox = await connectAdmin(stack.serverUrl, agent.accessToken);
  });
  afterAll(async () => {
    inbox?.close();
    await context?.close();
    await browser?.close();
    await stack?.close();
  });

  it('reaches the inbox, keeps the assistant quiet while the visitor waits, and shows the agent typing', async () => {
    const { page, problems } = await openWatchedPage(context);
    await page.goto(stack.host.url);
    const ui = widget(page);
    await poll(() => ui.launcher.isVisible()).toBe(true);
    await ui.launcher.click();
    await poll(() => ui.panel.isVisible()).toBe(true);

    const handoff = next(inbox, 'handoff:requested');
    await ui.input.fill('can I talk to a real person?');
    await ui.input.press('Enter');
    const session = await handoff;
    expect(session.status).toBe('handoff');

    // The visitor writes again while waiting: the inbox gets it, the assistant does not answer.
    const followUp = next(
      inbox,
      'message:new',
      (message) => message.sessionId === session.id && message.content === 'Hello, anyone there?',
    );
    await ui.input.fill('Hello, anyone there?');
    await ui.input.press('Enter');
    await followUp;
    await stack.server.inFlight.drain(10_000);
    const stored = await stack.db.models.ChatMessage.findAll({
      where: { sessionId: session.id },
      order: [['seq', 'ASC']],
    });
    expect(stored.map((message) => message.senderType)).toEqual(['visitor', 'visitor']);
    expect(await ui.aiMessages.count()).toBe(0);

    // The agent opens the conversation and types: the widget says so.
    expect((await askOk(inbox, 'session:join', { sessionId: session.id })).ok).toBe(true);
    expect((await askOk(inbox, 'typing', { sessionId: session.id, isTyping: true })).ok).toBe(true);
    await poll(() => page.locator('parley-widget p.typ').innerText()).toBe('An agent is typing…');
    const waitingLine = page.locator('parley-widget .ho');
    expect(await waitingLine.innerText()).toBe('A person has been asked to join.');

    // The agent takes over: nobody is awaited any more, so the waiting line goes.
    expect((await askOk(inbox, 'session:takeover', { sessionId: session.id })).ok).toBe(true);
    await poll(() => waitingLine.count()).toBe(0);
    expect(problems).toEqual({ cspViolations: [], pageErrors: [], consoleErrors: [] });
  });
});
