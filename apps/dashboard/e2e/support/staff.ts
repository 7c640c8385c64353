import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TSession } from '@parley/protocol';
import { connectAdmin, type AdminTestSocket } from '../../../server/test/support/admin-socket.ts';
import {
  ADMIN,
  AGENT,
  api,
  createAgent,
  setupAdmin,
} from '../../../server/test/support/admin-client.ts';
import {
  connectWidget,
  ask,
  askOk,
  type WidgetTestSocket,
} from '../../../server/test/support/widget-client.ts';

export { ADMIN, setupAdmin };

/**
 * A fresh browser context signed in as the admin through the login form, on the inbox;
 * `prepare` sets the context up first (permissions, init scripts).
 */
export async function signedInPage(
  browser: Browser,
  url: string,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await prepare?.(context);
  const page = await context.newPage();
  await page.goto(`${url}/admin`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Inbox' }).waitFor();
  return page;
}

/** A visitor on the shop's site over a real `/widget` socket: starts a chat and asks. */
export async function visitorAsks(
  url: string,
  widgetKey: string,
  question: string,
): Promise<{ socket: WidgetTestSocket; session: TSession }> {
  const socket = await connectWidget(url, { widgetKey });
  const started = await askOk(socket, 'session:start', {
    page: { url: 'https://shop.example.com/pricing', title: 'Pricing' },
  });
  await ask(socket, 'message:send', {
    sessionId: started.session.id,
    clientId: crypto.randomUUID(),
    content: question,
  });
  return { socket, session: started.session };
}

/**
 * Sam Agent, a second staff member on their own real `/admin` socket (created on first use, so
 * tests may run in any order).
 */
export async function colleague(url: string): Promise<{ socket: AdminTestSocket; userId: string }> {
  const login = await api<{ accessToken: string }>(url, 'POST /api/v1/auth/login', {
    body: { email: ADMIN.email, password: ADMIN.password },
  });
  const again = await api<{ accessToken: string; user: { id: string } }>(
    url,
    'POST /api/v1/auth/login',
    { body: { email: AGENT.email, password: AGENT.password } },
  );
  const agent = again.status === 200 ? again.body : await createAgent(url, login.body.accessToken);
  const socket = await connectAdmin(url, agent.accessToken);
  return { socket, userId: agent.user.id };
}
