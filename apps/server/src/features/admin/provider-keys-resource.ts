import { keyHint } from '@parley/ai';
import { ZProviderKeyCreateSchema, ZProviderKeyUpdateSchema } from '@parley/protocol';
import type { ApiKey, Database } from '@parley/db';
import type { CrudResource } from './crud-routes.ts';
import type { ProviderKeyCipher } from './provider-key-cipher.ts';

/** Provider credentials (`api_keys`): encrypted at rest, answered only as a 4-character hint. */
export function providerKeysResource(
  db: Database,
  cipher: ProviderKeyCipher,
): CrudResource<ApiKey> {
  const prepare = ({ keyValue, ...rest }: Record<string, unknown>) => {
    if (typeof keyValue !== 'string') return Promise.resolve(rest);
    return Promise.resolve({
      ...rest,
      keyValue: cipher.encrypt(keyValue),
      keyHint: keyHint(keyValue),
    });
  };
  return {
    path: 'provider-keys',
    auditName: 'provider-key',
    model: db.models.ApiKey,
    createSchema: ZProviderKeyCreateSchema,
    updateSchema: ZProviderKeyUpdateSchema,
    hidden: ['keyValue'],
    toCreate: prepare,
    toUpdate: prepare,
  };
}
