import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { TCannedReply } from '@parley/protocol';
import { api, createAgent, setupAdmin } from './support/admin-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const REFUND = {
  shortcut: 'refund',
  title: 'Refund policy',
  content: 'Refunds are paid back within 5 working days.',
};

describe.each(DATABASE_KINDS)('canned replies on %s', (kind) => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
  });
  afterEach(async () => {
    await t.close();
  });

  it('are written by admins and read by agents, ordered by shortcut', async () => {
    const admin = await setupAdmin(t.url);
    const agent = await createAgent(t.url, admin.accessToken);
    const created = await api<TCannedReply>(t.url, 'POST /api/v1/canned-replies', {
      token: admin.accessToken,
      body: { ...REFUND, shortcut: ' Refund ' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(REFUND);
    await api(t.url, 'POST /api/v1/canned-replies', {
      token: admin.accessToken,
      body: { shortcut: 'hello', title: 'Greeting', content: 'Hi! How can I help?' },
    });

    const listed = await api<{ items: TCannedReply[] }>(t.url, 'GET /api/v1/canned-replies', {
      token: agent.accessToken,
    });
    expect(listed.body.items.map((reply) => reply.shortcut)).toEqual(['hello', 'refund']);
    expect(Object.keys(listed.body.items[0]!).sort()).toEqual(
      ['content', 'id', 'shortcut', 'title', 'updatedAt'].sort(),
    );

    const edited = await api<TCannedReply>(
      t.url,
      `PATCH /api/v1/canned-replies/${created.body.id}`,
      { token: admin.accessToken, body: { content: 'Refunds take 3 working days.' } },
    );
    expect(edited.body).toMatchObject({
      shortcut: 'refund',
      content: 'Refunds take 3 working days.',
    });
    const removed = await api(t.url, `DELETE /api/v1/canned-replies/${created.body.id}`, {
      token: admin.accessToken,
    });
    expect(removed.status).toBe(204);
    expect(await t.db.models.CannedReply.count()).toBe(1);
  });

  it('refuses agents’ writes, duplicate and malformed shortcuts, and changes nothing', async () => {
    const admin = await setupAdmin(t.url);
    const agent = await createAgent(t.url, admin.accessToken);
    const byAgent = await api(t.url, 'POST /api/v1/canned-replies', {
      token: agent.accessToken,
      body: REFUND,
    });
    expect(byAgent.status).toBe(403);
    await api(t.url, 'POST /api/v1/canned-replies', { token: admin.accessToken, body: REFUND });
    const duplicate = await api<{ error: { code: string } }>(t.url, 'POST /api/v1/canned-replies', {
      token: admin.accessToken,
      body: { ...REFUND, title: 'Another' },
    });
    expect([duplicate.status, duplicate.body.error.code]).toEqual([409, 'CONFLICT']);
    // Named as the form names it, so the dashboard says it at the field (SQLite said "0").
    expect(duplicate.body.error).toMatchObject({
      message: 'Something with this shortcut already exists',
      details: { field: 'shortcut' },
    });
    const spaced = await api<{ error: { code: string; details?: { field?: string } } }>(
      t.url,
      'POST /api/v1/canned-replies',
      { token: admin.accessToken, body: { ...REFUND, shortcut: 'money back' } },
    );
    expect(spaced.status).toBe(400);
    expect(spaced.body.error).toMatchObject({
      code: 'INVALID_PAYLOAD',
      details: { field: 'shortcut' },
    });
    expect(await t.db.models.CannedReply.count()).toBe(1);
  });
});
