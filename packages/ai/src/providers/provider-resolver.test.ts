import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATABASE_KINDS,
  startOpenAiCompatibleServer,
  type OpenAiCompatibleServer,
} from '@parley/test-kit';
import { useMigratedDatabase } from '@parley/db/test-support';
import { collectStream, ProviderError } from './chat-provider.ts';
import { createProviderResolver } from './provider-resolver.ts';
import { encryptSecret, keyHint } from './secret-box.ts';

const encryptionKey = randomBytes(32).toString('hex');
const messages = [{ role: 'user' as const, content: 'hi' }];

describe.each(DATABASE_KINDS)('provider resolution on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  let provider: OpenAiCompatibleServer;
  beforeAll(async () => {
    provider = await startOpenAiCompatibleServer();
  });
  afterAll(() => provider.close());

  it('uses no provider (the knowledge answerer) when nothing is configured', async () => {
    expect(await createProviderResolver(database(), { env: {}, encryptionKey })(null)).toBeNull();
  });

  it('uses a key stored from the dashboard, decrypted, and records each call against it', async () => {
    const db = database();
    const key = await db.models.ApiKey.create({
      service: 'openai',
      name: 'Local model',
      baseUrl: provider.baseUrl,
      keyValue: encryptSecret('sk-stored-123456', encryptionKey),
      keyHint: keyHint('sk-stored-123456'),
    });
    const resolve = createProviderResolver(db, {
      env: { model: 'local-1' },
      encryptionKey,
      storedKeyNetwork: { allowPrivateNetworks: true },
    });
    provider.enqueue({ type: 'stream', deltas: ['stored ', 'key'] });
    const { text } = await collectStream((await resolve(null))!.stream({ messages }));
    expect(text).toBe('stored key');
    expect(provider.requests.at(-1)).toMatchObject({
      authorization: 'Bearer sk-stored-123456',
      body: { model: 'local-1' },
    });
    await expect
      .poll(() => db.models.ApiKeyUsage.count({ where: { apiKeyId: key.id, statusCode: 200 } }))
      .toBe(1);
  });

  it('refuses a stored base URL on a private network unless the operator allows it', async () => {
    const resolve = createProviderResolver(database(), { env: {}, encryptionKey });
    const failure = await collectStream((await resolve(null))!.stream({ messages })).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ProviderError);
    expect((failure as ProviderError).message).toContain('private or local');
  });
});
