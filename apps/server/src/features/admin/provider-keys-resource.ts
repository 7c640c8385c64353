import { keyHint, type NetworkPolicy } from '@parley/ai';
import {
  AppError,
  ZProviderKeyCreateSchema,
  ZProviderKeyUpdateSchema,
  type TProviderKey,
} from '@parley/protocol';
import type { ApiKey, Database } from '@parley/db';
import type { CrudResource } from './crud-routes.ts';
import { presentProviderKey } from './resource-presenters.ts';
import type { SecretCipher } from '../../app/secret-cipher.ts';
import { assertPublicTarget } from '../../app/outbound-target.ts';

/**
 * Provider credentials (`api_keys`): encrypted at rest, answered only as a 4-character hint.
 * Changing where a key is sent (`baseUrl`) needs the key again: otherwise whoever holds an admin
 * session could point the stored key at their own server and read it from the next request.
 */
export function providerKeysResource(
  db: Database,
  parts: { cipher: SecretCipher; network: NetworkPolicy },
): CrudResource<ApiKey, TProviderKey> {
  const { cipher, network } = parts;
  // Said at the field when saved; every provider call is also checked on connect.
  const prepare = async ({ keyValue, ...rest }: Record<string, unknown>) => {
    if (typeof rest.baseUrl === 'string')
      await assertPublicTarget(rest.baseUrl, network, {
        field: 'baseUrl',
        setting: 'AI_ALLOW_PRIVATE_NETWORKS',
        isUnresolvableRefused: false,
      });
    if (typeof keyValue !== 'string') return rest;
    return { ...rest, keyValue: cipher.encrypt(keyValue, 'keyValue'), keyHint: keyHint(keyValue) };
  };
  const assertKeyFollowsUrl = (input: Record<string, unknown>, row: ApiKey) => {
    const isMoved = input.baseUrl !== undefined && (input.baseUrl ?? null) !== row.baseUrl;
    if (isMoved && typeof input.keyValue !== 'string')
      throw new AppError('INVALID_PAYLOAD', 'Changing baseUrl needs the key again (keyValue)', {
        field: 'keyValue',
      });
  };
  return {
    path: 'provider-keys',
    auditName: 'provider-key',
    model: db.models.ApiKey,
    createSchema: ZProviderKeyCreateSchema,
    updateSchema: ZProviderKeyUpdateSchema,
    present: presentProviderKey,
    toCreate: prepare,
    toUpdate: (input, row) => {
      assertKeyFollowsUrl(input, row);
      return prepare(input);
    },
  };
}
