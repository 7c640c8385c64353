import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '@parley/db';
import { createTestDatabase, DATABASE_KINDS } from '@parley/test-kit';
import { createSecretCipher } from '../src/app/secret-cipher.ts';
import { api, setupAdmin } from './support/admin-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { ask, askOk, connectWidget } from './support/widget-client.ts';

type Body = Record<string, unknown> & {
  error?: { code: string; message: string; details?: { field?: string } };
};

const ENCRYPT_MIGRATION = '2026.11.29T02.00.00.encrypt-identity-secrets';

describe.each(DATABASE_KINDS)('secrets at rest on %s', (kind) => {
  let t: TestServer;
  let token: string;
  const call_ = (route: string, body?: unknown) => api<Body>(t.url, route, { token, body });

  beforeAll(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    token = (await setupAdmin(t.url)).accessToken;
  });
  afterAll(async () => t?.close());

  it('refuses to re-point a stored provider key without the key, and changes nothing', async () => {
    const created = await call_('POST /api/v1/provider-keys', {
      service: 'openai',
      baseUrl: 'https://api.example.com/v1',
      keyValue: 'sk-original-1234567890',
    });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    const before = await t.db.models.ApiKey.findByPk(id);

    const moved = await call_(`PATCH /api/v1/provider-keys/${id}`, {
      baseUrl: 'https://attacker.example/v1',
    });
    expect(moved.status).toBe(400);
    expect(moved.body.error).toMatchObject({
      code: 'INVALID_PAYLOAD',
      details: { field: 'keyValue' },
    });
    const after = await t.db.models.ApiKey.findByPk(id);
    expect(after?.baseUrl).toBe('https://api.example.com/v1');
    expect(after?.keyValue).toBe(before?.keyValue);

    // Clearing the URL (back to the provider's default) moves the key too.
    const cleared = await call_(`PATCH /api/v1/provider-keys/${id}`, { baseUrl: null });
    expect(cleared.status).toBe(400);

    // Same URL, or other fields only: no key needed.
    const renamed = await call_(`PATCH /api/v1/provider-keys/${id}`, {
      name: 'Main',
      baseUrl: 'https://api.example.com/v1',
    });
    expect(renamed.status).toBe(200);

    const withKey = await call_(`PATCH /api/v1/provider-keys/${id}`, {
      baseUrl: 'https://other.example.com/v1',
      keyValue: 'sk-for-the-new-host-0987',
    });
    expect(withKey.status).toBe(200);
    const stored = await t.db.models.ApiKey.findByPk(id);
    expect(stored?.baseUrl).toBe('https://other.example.com/v1');
    expect(t.server.admin.cipher.decrypt(stored!.keyValue)).toBe('sk-for-the-new-host-0987');
  });

  it('stores a widget identity secret encrypted, and identify still verifies with it', async () => {
    const created = await call_('POST /api/v1/widgets', {
      name: 'Verified',
      allowedOrigins: ['https://shop.example.com'],
      identityVerification: true,
    });
    expect(created.status).toBe(201);
    const secret = String(created.body.identitySecret);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const row = await t.db.models.WidgetConfig.findByPk(String(created.body.id));
    expect(row?.identitySecret).toMatch(/^v1:/);
    expect(row?.identitySecret).not.toContain(secret);

    const socket = await connectWidget(t.url, { widgetKey: String(created.body.widgetKey) });
    try {
      const hash = createHmac('sha256', secret).update('user-7').digest('hex');
      const good = await askOk(socket, 'identify', { id: 'user-7', hash });
      expect(good.ok).toBe(true);
      const wrong = await ask(socket, 'identify', { id: 'user-7', hash: 'f'.repeat(64) });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'IDENTITY_NOT_VERIFIED' } });
    } finally {
      socket.close();
    }
  });

  it('encrypts existing plain identity secrets in the migration and decrypts them on down', async () => {
    const testDb = await createTestDatabase(kind, inject('mariadbBaseUrl'));
    const cipher = createSecretCipher(randomBytes(32).toString('hex'));
    const secretBox = {
      encrypt: (plain: string) => cipher.encrypt(plain, 'identitySecret'),
      decrypt: (stored: string) => cipher.decrypt(stored),
    };
    const db = openDatabase({ url: testDb.url, sqliteStorage: '', secretBox });
    const withoutKey = openDatabase({ url: testDb.url, sqliteStorage: '' });
    try {
      const all = (await db.migrator.pending()).map((m) => m.name);
      const before = all[all.indexOf(ENCRYPT_MIGRATION) - 1]!;
      await db.migrator.up({ to: before });
      const plain = 'ab'.repeat(32);
      await db.sequelize.query(
        "INSERT INTO widget_configs (id, widget_key, name, identity_secret, created_at, updated_at) VALUES ('00000000-0000-4000-8000-000000000001', 'wk_plain', 'Old', ?, ?, ?)",
        { replacements: [plain, new Date(), new Date()] },
      );

      // Without a key the migration refuses, saying what to set, and leaves the row alone.
      await expect(withoutKey.migrator.up({ to: ENCRYPT_MIGRATION })).rejects.toThrow(
        /ENCRYPTION_KEY/,
      );
      // Only the columns this migration knows: later migrations add others to widget_configs.
      const columns = ['id', 'identitySecret'] as const;
      const untouched = await db.models.WidgetConfig.findOne({
        where: { widgetKey: 'wk_plain' },
        attributes: [...columns],
      });
      expect(untouched?.identitySecret).toBe(plain);

      await db.migrator.up({ to: ENCRYPT_MIGRATION });
      const row = await db.models.WidgetConfig.findOne({
        where: { widgetKey: 'wk_plain' },
        attributes: [...columns],
      });
      expect(row?.identitySecret).toMatch(/^v1:/);
      expect(cipher.decrypt(row!.identitySecret!)).toBe(plain);

      await db.migrator.down({ step: 1 });
      await row!.reload({ attributes: [...columns] });
      expect(row?.identitySecret).toBe(plain);
    } finally {
      await withoutKey.close();
      await db.close();
      await testDb.drop();
    }
  });
});

describe.each(DATABASE_KINDS)('storing a provider key without ENCRYPTION_KEY on %s', (kind) => {
  let t: TestServer;
  let token: string;

  beforeAll(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: { ENCRYPTION_KEY: '' },
    });
    token = (await setupAdmin(t.url)).accessToken;
  });
  afterAll(async () => t?.close());

  const store = () =>
    api<Body>(t.url, 'POST /api/v1/provider-keys', {
      token,
      body: { service: 'openai', keyValue: 'sk-embedded-0123456789' },
    });

  if (kind === 'sqlite') {
    it('just works on the embedded default: the key is generated into the secrets file', async () => {
      const created = await store();
      expect(created.status).toBe(201);
      const row = await t.db.models.ApiKey.findByPk(String(created.body.id));
      expect(row?.keyValue).not.toContain('sk-embedded');
      const file = JSON.parse(readFileSync(`${t.dataDir}/secrets.json`, 'utf8')) as {
        encryptionKey?: string;
      };
      expect(file.encryptionKey).toMatch(/^[0-9a-f]{64}$/);
      const cipher = createSecretCipher(file.encryptionKey);
      expect(cipher.decrypt(row!.keyValue)).toBe('sk-embedded-0123456789');
    });
  } else {
    it('is refused on MySQL with an error naming ENCRYPTION_KEY, and nothing is stored', async () => {
      const refused = await store();
      expect(refused.status).toBe(409);
      expect(refused.body.error?.message).toMatch(/ENCRYPTION_KEY/);
      expect(await t.db.models.ApiKey.count()).toBe(0);
    });
  }
});
