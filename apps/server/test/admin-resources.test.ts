import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import { api } from './support/admin-client.ts';
import { setupAdmin } from './support/admin-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

type Body = Record<string, unknown> & { error?: { code: string; details?: { field?: string } } };

describe.each(DATABASE_KINDS)('admin resources on %s', (kind) => {
  let t: TestServer;
  let token: string;
  const call = (route: string, body?: unknown) => api<Body>(t.url, route, { token, body });

  beforeAll(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: { ENCRYPTION_KEY: 'ab'.repeat(32) },
    });
    token = (await setupAdmin(t.url)).accessToken;
  });
  afterAll(async () => t.close());

  it('creates a widget with a generated key and shows its identity secret only once', async () => {
    const created = await call('POST /api/v1/widgets', {
      name: 'Shop',
      allowedOrigins: ['https://shop.example.com'],
      identityVerification: true,
    });
    expect(created.status).toBe(201);
    expect(created.body.widgetKey).toMatch(/^wk_[0-9a-f]{24}$/);
    expect(created.body.identitySecret).toMatch(/^[0-9a-f]{64}$/);
    const read = await call(`GET /api/v1/widgets/${String(created.body.id)}`);
    expect(read.body).toMatchObject({ name: 'Shop', hasIdentitySecret: true });
    expect(read.body).not.toHaveProperty('identitySecret');
    const list = await api<{ items: Body[] }>(t.url, 'GET /api/v1/widgets', { token });
    expect(JSON.stringify(list.body)).not.toContain(String(created.body.identitySecret));
    // The public config never carries it either.
    const pub = await api(t.url, `GET /api/v1/widgets/${String(created.body.widgetKey)}/config`, {
      headers: { origin: 'https://shop.example.com' },
    });
    expect(JSON.stringify(pub.body)).not.toContain(String(created.body.identitySecret));
  });

  it("answers a knowledge base's text when read alone, keeps it out of the list and across edits", async () => {
    const text = '# Shipping\n\nWe ship to Canada within five days.';
    const created = await call('POST /api/v1/knowledge-bases', {
      name: 'Shipping',
      sourceType: 'text',
      content: text,
    });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    const list = await api<{ items: Body[] }>(t.url, 'GET /api/v1/knowledge-bases', { token });
    expect(list.body.items.find((item) => item.id === id)).not.toHaveProperty('content');
    const edited = await call(`PATCH /api/v1/knowledge-bases/${id}`, { description: 'FAQ' });
    expect(edited.body).toMatchObject({ description: 'FAQ', content: text });
    expect((await call(`GET /api/v1/knowledge-bases/${id}`)).body).toMatchObject({ content: text });
  });

  it('validates ids in paths and references to other resources', async () => {
    const badPath = await call('GET /api/v1/widgets/not-a-uuid');
    expect(badPath.status).toBe(400);
    expect(badPath.body.error).toMatchObject({ code: 'INVALID_PAYLOAD', details: { field: 'id' } });
    const missing = await call('GET /api/v1/widgets/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    const dangling = await call('POST /api/v1/widgets', {
      name: 'W',
      allowedOrigins: [],
      contextRuleId: '00000000-0000-4000-8000-000000000000',
    });
    expect(dangling.status).toBe(400);
    expect(dangling.body.error?.details?.field).toBe('contextRuleId');
    const badRule = await call('POST /api/v1/context-rules', {
      name: 'R',
      knowledgeBaseIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(badRule.body.error?.details?.field).toBe('knowledgeBaseIds');
    const badBan = await call('POST /api/v1/bans', {
      visitorId: '00000000-0000-4000-8000-000000000000',
      reason: 'spam',
    });
    expect(badBan.body.error?.details?.field).toBe('visitorId');
    expect(await t.db.models.UserBan.count()).toBe(0);
  });

  it('refuses unknown template variables and unsafe filters, and bumps the rule version', async () => {
    const unknown = await call('POST /api/v1/context-rules', {
      name: 'Docs',
      promptTemplate: 'Answer {{question}} for {{secret_sauce}}',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.details?.field).toContain('promptTemplate');
    const rule = await call('POST /api/v1/context-rules', {
      name: 'Docs',
      keywords: ['install', 'setup'],
      promptTemplate: 'Answer {{question}} using {{knowledge}}',
    });
    expect(rule.status).toBe(201);
    expect(rule.body.version).toBe(1);
    const updated = await call(`PATCH /api/v1/context-rules/${String(rule.body.id)}`, {
      keywords: ['install'],
    });
    expect(updated.body).toMatchObject({ version: 2, keywords: ['install'] });
    const template = await call('POST /api/v1/prompt-templates', {
      name: 'Short',
      template: 'Be brief. {{question}} {{history}}',
    });
    expect(template.body.variables).toEqual(['question', 'history']);
  });

  it('refuses an edit made from a stale copy (If-Match), instead of undoing the other save', async () => {
    const rule = await call('POST /api/v1/context-rules', { name: 'Two tabs', keywords: ['a'] });
    const opened = String(rule.body.updatedAt);
    const path = `/api/v1/context-rules/${String(rule.body.id)}`;
    const edit = (body: unknown, since: string) =>
      api<Body>(t.url, `PATCH ${path}`, { token, body, headers: { 'if-match': `"${since}"` } });

    const first = await edit({ refusalMessage: 'From tab A' }, opened);
    expect(first.status).toBe(200);
    const stale = await edit({ refusalMessage: 'From tab B' }, opened);
    expect(stale.status).toBe(409);
    expect(stale.body.error?.code).toBe('CONFLICT');
    const stored = await call(`GET ${path}`);
    expect(stored.body).toMatchObject({ refusalMessage: 'From tab A', version: 2 });
    // From the copy tab A now holds, and without the header (other API clients), edits go on.
    const again = await edit({ refusalMessage: 'A again' }, String(first.body.updatedAt));
    expect(again.status).toBe(200);
    expect((await call(`PATCH ${path}`, { refusalMessage: 'No header' })).status).toBe(200);
  });

  it('lets exactly one of two saves from the same copy through, and a refused save keeps the copy current', async () => {
    const rule = await call('POST /api/v1/context-rules', { name: 'Same moment', keywords: ['a'] });
    const path = `/api/v1/context-rules/${String(rule.body.id)}`;
    const edit = (body: unknown, since: string) =>
      api<Body>(t.url, `PATCH ${path}`, { token, body, headers: { 'if-match': `"${since}"` } });

    for (let round = 0; round < 5; round++) {
      const { body } = await call(`GET ${path}`);
      const since = String(body.updatedAt);
      const answers = await Promise.all([
        edit({ refusalMessage: `tab A, round ${round}` }, since),
        edit({ refusalMessage: `tab B, round ${round}` }, since),
      ]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      const winner = answers.find((answer) => answer.status === 200)!;
      expect((await call(`GET ${path}`)).body.refusalMessage).toBe(winner.body.refusalMessage);
    }

    // A save the database refuses (a shortcut already taken) gives the claim back: the same
    // copy, with the shortcut fixed, saves.
    const reply = { title: 'Greeting', content: 'Hi! How can I help?' };
    await call('POST /api/v1/canned-replies', { ...reply, shortcut: 'taken' });
    const mine = await call('POST /api/v1/canned-replies', { ...reply, shortcut: 'mine' });
    const replyPath = `/api/v1/canned-replies/${String(mine.body.id)}`;
    const since = String(mine.body.updatedAt);
    const save = (shortcut: string) =>
      api<Body>(t.url, `PATCH ${replyPath}`, {
        token,
        body: { shortcut },
        headers: { 'if-match': `"${since}"` },
      });
    const taken = await save('taken');
    expect(taken.status).toBe(409);
    expect(taken.body.error?.details).toMatchObject({ field: 'shortcut' });
    expect((await save('also-mine')).status).toBe(200);
  });

  it('refuses a provider base URL into a private network when saved, naming the setting', async () => {
    const before = await t.db.models.ApiKey.count();
    const metadata = await call('POST /api/v1/provider-keys', {
      service: 'openai',
      baseUrl: 'http://169.254.169.254/v1',
      keyValue: 'sk-metadata-0123456789',
    });
    expect(metadata.status).toBe(403);
    expect(metadata.body.error).toMatchObject({ code: 'FORBIDDEN', details: { field: 'baseUrl' } });
    expect(JSON.stringify(metadata.body)).toContain('AI_ALLOW_PRIVATE_NETWORKS');
    expect(await t.db.models.ApiKey.count()).toBe(before);

    const key = await call('POST /api/v1/provider-keys', {
      service: 'openai',
      baseUrl: 'https://1.1.1.1/v1',
      keyValue: 'sk-public-0123456789',
    });
    expect(key.status).toBe(201);
    const moved = await call(`PATCH /api/v1/provider-keys/${String(key.body.id)}`, {
      baseUrl: 'http://[::1]:11434/v1',
      keyValue: 'sk-public-0123456789',
    });
    expect(moved.status).toBe(403);
    expect((await t.db.models.ApiKey.findByPk(String(key.body.id)))?.baseUrl).toBe(
      'https://1.1.1.1/v1',
    );
  });

  it('stores provider keys encrypted and never answers them', async () => {
    const created = await call('POST /api/v1/provider-keys', {
      service: 'openai',
      keyValue: 'sk-test-1234567890abcdef',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ keyHint: '…cdef' });
    expect(JSON.stringify(created.body)).not.toContain('sk-test');
    const row = await t.db.models.ApiKey.findByPk(String(created.body.id));
    expect(row?.keyValue).not.toContain('sk-test');
    expect(t.server.admin.cipher.decrypt(row!.keyValue)).toBe('sk-test-1234567890abcdef');
  });

  it('refuses a regex that needs backtracking and keeps the same text as a plain phrase', async () => {
    const bad = await call('POST /api/v1/moderation-rules', {
      name: 'evil',
      pattern: '(a)\\1',
      isRegex: true,
    });
    expect(bad.status).toBe(400);
    const phrase = await call('POST /api/v1/moderation-rules', { name: 'p', pattern: '(a)\\1' });
    expect(phrase.status).toBe(201);
    expect(phrase.body).toMatchObject({ isRegex: false });
  });

  it('keeps the last admin, and writes configuration changes to the audit trail', async () => {
    const me = await call('GET /api/v1/auth/me');
    const id = (me.body.user as { id: string }).id;
    const demote = await call(`PATCH /api/v1/users/${id}`, { role: 'agent' });
    expect(demote.status).toBe(409);
    const actions = (await t.db.models.UserActivity.findAll()).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['widget.create', 'context-rule.update']));
  });
});
