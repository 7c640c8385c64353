import { describe, expect, it } from 'vitest';

import { next } from '../../server/test/support/admin-socket.ts';
import { ask, askOk } from '../../server/test/support/widget-client.ts';
import { ARTIFACTS, useBrowserSuite } from './support/browser-suite.ts';
import { colleague } from './support/staff.ts';

const NOTE = 'Gave a refund last week, be careful';

/** Agents working one conversation together: private notes, typing both ways, collisions. */
describe('collaboration in chromium', () => {
  const suite = useBrowserSuite();
  it('keeps private notes among staff: they never reach the visitor', async () => {
    const visitor = await suite.asks('Can I return the blue shoes?');
    const heard: string[] = [];
    visitor.socket.onAny((event: string, payload: unknown) =>
      heard.push(`${event} ${JSON.stringify(payload)}`),
    );
    const admin = await suite.open();
    await admin.getByRole('button', { name: /Can I return the blue shoes/ }).click();
    await admin.getByRole('button', { name: 'Take over' }).click();
    await admin.getByRole('button', { name: 'Hand back to AI' }).waitFor();

    await admin.getByLabel('Staff-only note').check();
    await admin.getByLabel('Note text').fill(NOTE);
    await admin.getByRole('button', { name: 'Add note' }).click();
    const note = admin.locator('li.message.note').filter({ hasText: NOTE });
    await note.waitFor();
    expect(await note.locator('.author').textContent()).toBe('Private note · Ada Admin');

    // A reply sent after the note reaches the visitor; the note, sent before it, did not.
    await admin.getByLabel('Message to visitor').check();
    await admin.getByLabel('Reply').fill('Yes, within 30 days.');
    // Listen before sending: the reply can reach the visitor before the click resolves.
    const delivered = next(visitor.socket, 'message:new', (m: { content: string }) =>
      m.content.includes('within 30 days'),
    );
    await admin.getByRole('button', { name: 'Send' }).click();
    await delivered;
    expect(heard.join('\n')).not.toContain('refund last week');
    const resumed = await askOk(visitor.socket, 'session:resume', {
      sessionId: visitor.session.id,
      afterSeq: 0,
    });
    expect(JSON.stringify(resumed)).not.toContain('refund last week');
    await admin.screenshot({ path: `${ARTIFACTS}collaboration-note.png` });

    // Notes stay with the conversation after a reload.
    await admin.reload();
    await admin.getByRole('button', { name: /Can I return the blue shoes/ }).click();
    await admin.locator('li.message.note').filter({ hasText: NOTE }).waitFor();
  });

  it('shows typing both ways, and warns when another agent is typing to the same visitor', async () => {
    const visitor = await suite.asks('Is the red jacket in stock?');
    const admin = await suite.open();
    await admin.getByRole('button', { name: /Is the red jacket in stock/ }).click();
    await admin.locator('li.message.from-visitor').first().waitFor();

    const widgetSees = next(
      visitor.socket,
      'typing',
      (event) => event.actor === 'agent' && event.isTyping,
    );
    await admin.getByLabel('Reply').pressSequentially('Let me', { delay: 30 });
    await widgetSees;

    visitor.socket.emit('typing', { sessionId: visitor.session.id, isTyping: true });
    await admin.getByRole('status').filter({ hasText: 'Visitor is typing…' }).waitFor();
    visitor.socket.emit('typing', { sessionId: visitor.session.id, isTyping: false });
    await admin.getByText('Visitor is typing…').waitFor({ state: 'detached' });

    const other = await colleague(suite.stack.url);
    try {
      const adminTyping = next(other.socket, 'typing', (e) => e.actor === 'agent');
      await ask(other.socket, 'typing', { sessionId: visitor.session.id, isTyping: true });
      const warning = admin.getByRole('alert').filter({ hasText: 'Sam Agent is typing a reply' });
      await warning.waitFor();
      await admin.screenshot({ path: `${ARTIFACTS}collaboration-collision.png` });
      await ask(other.socket, 'typing', { sessionId: visitor.session.id, isTyping: false });
      await warning.waitFor({ state: 'detached' });
      // And the colleague was told, by name, that Ada is typing here.
      await admin.getByLabel('Reply').pressSequentially(' check', { delay: 30 });
      expect(await adminTyping).toMatchObject({ userName: 'Ada Admin' });
    } finally {
      other.socket.close();
    }
  });
});
