import { describe, expect, it } from 'vitest';

import { next } from '../../server/test/support/admin-socket.ts';
import { connectWidget, ask } from '../../server/test/support/widget-client.ts';
import { ARTIFACTS, useBrowserSuite } from './support/browser-suite.ts';

/** What leaves Parley (API keys, mail) and the agent's status switch, used in chromium. */
describe('integrations and presence in the dashboard', () => {
  const suite = useBrowserSuite();

  it('creates an API key shown once, lists it by prefix and revokes it', async () => {
    const page = await suite.open();
    await page.getByRole('link', { name: 'Integrations' }).first().click();
    const keys = page.getByRole('region', { name: 'API keys' });
    await keys.getByLabel('Name').fill('CRM sync');
    await keys.getByRole('checkbox', { name: 'conversations:read' }).check();
    await keys.getByRole('button', { name: 'Create key' }).click();
    const shown = keys.getByRole('textbox', { name: 'Key "CRM sync"' });
    const key = await shown.inputValue();
    expect(key.length).toBeGreaterThan(20);
    // The form starts over, so a second click does not make a second key by the same name.
    expect(await keys.getByLabel('Name').inputValue()).toBe('');
    await page.screenshot({ path: `${ARTIFACTS}integrations-key-shown.png` });

    // The key works against the API until it is revoked.
    const listed = await fetch(`${suite.stack.url}/api/v1/sessions`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(listed.status).toBe(200);
    await keys.getByRole('button', { name: 'Done' }).click();
    expect(await shown.count()).toBe(0);
    const item = keys.getByRole('listitem').filter({ hasText: 'CRM sync' });
    expect(await item.textContent()).not.toContain(key);
    page.once('dialog', (dialog) => void dialog.accept());
    await item.getByRole('button', { name: 'Revoke' }).click();
    await item.getByText(/revoked/).waitFor();
    const refused = await fetch(`${suite.stack.url}/api/v1/sessions`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(refused.status).toBe(401);
  });

  it('says at the field what is wrong with a webhook or a key, in words', async () => {
    const page = await suite.open();
    await page.getByRole('link', { name: 'Integrations' }).first().click();
    const hooks = page.getByRole('region', { name: 'Webhooks' });
    await hooks.getByLabel('Receiver URL').fill('https://crm.example.com/parley');
    for (const box of await hooks.getByRole('checkbox').all()) await box.uncheck();
    await hooks.getByRole('button', { name: 'Add webhook' }).click();
    await hooks
      .getByRole('group', { name: 'Events' })
      .getByRole('alert')
      .filter({ hasText: 'Choose at least one.' })
      .waitFor();
    expect(await hooks.getByText('Too small').count()).toBe(0);

    const keys = page.getByRole('region', { name: 'API keys' });
    await keys.getByLabel('Name').fill('No scopes');
    await keys.getByRole('button', { name: 'Create key' }).click();
    await keys.getByRole('group', { name: 'Scopes' }).getByRole('alert').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}integrations-field-errors.png` });
  });

  it('tells visitors the team is away when the agent switches to away, and online again', async () => {
    const visitor = await connectWidget(suite.stack.url, { widgetKey: suite.widgetKey });
    try {
      const page = await suite.open();
      await page.getByText(/agents? available/).waitFor();
      expect(await ask(visitor, 'availability:get', {})).toMatchObject({ state: 'online' });

      const away = next(visitor, 'availability', (a) => a.state === 'away');
      await page.getByLabel('My status').selectOption('away');
      await away;
      await page.getByText('0 agents available').waitFor();

      // A reload keeps the switch: the tab comes back away, not counted.
      await page.reload();
      await page.getByText('0 agents available').waitFor();
      expect(await page.getByLabel('My status').inputValue()).toBe('away');

      const back = next(visitor, 'availability', (a) => a.state === 'online');
      await page.getByLabel('My status').selectOption('online');
      await back;
    } finally {
      visitor.close();
    }
  });
});
