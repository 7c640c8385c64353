import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import { AppError } from '@parley/protocol';
import type { Database } from '@parley/db';

export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Only the SHA-256 of a refresh token is stored: a database leak yields no usable token. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface RefreshTokenStore {
  /** A new token starting a new family (a sign-in). */
  issue(userId: string, transaction?: Transaction): Promise<string>;
  /**
   * Exchanges a token for its successor. A token that was already exchanged or revoked means it
   * leaked (or was replayed): its whole family is revoked and the caller gets `UNAUTHORIZED`.
   */
  rotate(token: string): Promise<{ userId: string; token: string }>;
  /** Revokes the token's family (logout). Unknown tokens are ignored. */
  revokeFamily(token: string): Promise<void>;
}

export function createRefreshTokenStore(db: Database): RefreshTokenStore {
  const { RefreshToken } = db.models;
  const create = async (
    userId: string,
    familyId: string,
    transaction?: Transaction,
  ): Promise<{ id: string; token: string }> => {
    const token = randomBytes(32).toString('base64url');
    const row = await RefreshToken.create(
      {
        userId,
        familyId,
        tokenHash: hashRefreshToken(token),
        expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
      },
      { transaction },
    );
    return { id: row.id, token };
  };
  const revokeFamilyById = (familyId: string) =>
    RefreshToken.update(
      { revokedAt: new Date() },
      { where: { familyId, revokedAt: { [Op.is]: null } } },
    );

  return {
    issue: async (userId, transaction) => (await create(userId, randomUUID(), transaction)).token,
    async rotate(token) {
      const row = await RefreshToken.findOne({ where: { tokenHash: hashRefreshToken(token) } });
      if (!row) throw new AppError('UNAUTHORIZED', 'Unknown refresh token');
      if (row.revokedAt !== null || row.replacedById !== null) {
        await revokeFamilyById(row.familyId);
        throw new AppError('UNAUTHORIZED', 'This refresh token was already used; sign in again');
      }
      if (row.expiresAt.getTime() <= Date.now())
        throw new AppError('UNAUTHORIZED', 'The refresh token has expired; sign in again');
      return db.sequelize.transaction(async (transaction) => {
        const next = await create(row.userId, row.familyId, transaction);
        // Conditional update: of two concurrent rotations of one token, only one wins, and a
        // revocation (password change, disabling) that landed since the read above also wins —
        // the successor is then rolled back with the transaction.
        const [changed] = await RefreshToken.update(
          { revokedAt: new Date(), replacedById: next.id },
          {
            where: { id: row.id, replacedById: { [Op.is]: null }, revokedAt: { [Op.is]: null } },
            transaction,
          },
        );
        if (changed !== 1)
          throw new AppError('UNAUTHORIZED', 'This refresh token was already used or revoked');
        return { userId: row.userId, token: next.token };
      });
    },
    async revokeFamily(token) {
      const row = await RefreshToken.findOne({ where: { tokenHash: hashRefreshToken(token) } });
      if (row) await revokeFamilyById(row.familyId);
    },
  };
}
