import { createHash, randomBytes } from 'node:crypto';
import type { Database, IntegrationApiKey, User } from '@parley/db';
import {
  AppError,
  ZApiKeyScopeSchema,
  type TApiKey,
  type TApiKeyCreate,
  type TApiKeyCreated,
  type TApiKeyScope,
} from '@parley/protocol';

/** Keys start with this, so the auth middleware tells them from staff tokens without a lookup. */
export const API_KEY_PREFIX = 'prl_';

/** Who calls with a valid key: the key and the admin it acts for. */
export interface ApiKeyCaller {
  id: string;
  name: string;
  scopes: TApiKeyScope[];
  owner: User;
}

export interface ApiKeyService {
  /** A fresh key, returned this once; only its digest is stored. */
  create(input: TApiKeyCreate, createdBy: string): Promise<TApiKeyCreated>;
  list(): Promise<TApiKey[]>;
  /** Effective at once: every request looks the key up. */
  revoke(id: string): Promise<TApiKey>;
  /** The caller of a presented key, or `UNAUTHORIZED` (unknown, revoked, owner no longer an active admin). */
  authenticate(key: string): Promise<ApiKeyCaller>;
}

/** How often `last_used_at` is written per key: a busy integration should not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function createApiKeyService(db: Database): ApiKeyService {
  const { IntegrationApiKey: Keys } = db.models;

  const find = async (id: string) => {
    const row = await Keys.findByPk(id);
    if (!row) throw new AppError('NOT_FOUND', 'No such API key');
    return row;
  };

  return {
    async create({ name, scopes }, createdBy) {
      const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      const row = await Keys.create({
        name,
        scopes,
        keyHash: digest(key),
        keyPrefix: key.slice(0, 12),
        createdBy,
      });
      return { ...toApiKey(row), key };
    },
    async list() {
      const rows = await Keys.findAll({ order: [['createdAt', 'ASC']] });
      return rows.map(toApiKey);
    },
    async revoke(id) {
      const row = await find(id);
      if (!row.revokedAt) await row.update({ revokedAt: new Date() });
      return toApiKey(row);
    },
    async authenticate(key) {
      const refused = new AppError('UNAUTHORIZED', 'The API key is not valid');
      const row = await Keys.findOne({
        where: { keyHash: digest(key), revokedAt: null },
        include: [{ association: 'creator' }],
      });
      const owner = row?.creator;
      if (!row || !owner?.isActive || owner.role !== 'admin') throw refused;
      const now = Date.now();
      if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS)
        await row.update({ lastUsedAt: new Date(now) });
      return { id: row.id, name: row.name, scopes: parseScopes(row.scopes), owner };
    },
  };
}

function digest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function parseScopes(stored: string[]): TApiKeyScope[] {
  return stored.flatMap((scope) => {
    const parsed = ZApiKeyScopeSchema.safeParse(scope);
    return parsed.success ? [parsed.data] : [];
  });
}

function toApiKey(row: IntegrationApiKey): TApiKey {
  return {
    id: row.id,
    name: row.name,
    scopes: parseScopes(row.scopes),
    prefix: row.keyPrefix,
    createdBy: row.createdBy,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
