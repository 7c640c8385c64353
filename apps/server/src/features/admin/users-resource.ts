import { Transaction } from 'sequelize';
import { AppError, ZUserCreateSchema, ZUserUpdateSchema, type TUser } from '@parley/protocol';
import type { Database, User } from '@parley/db';
import type { PasswordHasher } from '../auth/password-hasher.ts';
import { toUser } from '../auth/user-mapping.ts';
import type { CrudResource } from './crud-routes.ts';

/** Told when a user's current tokens and sockets must stop working (e.g. to disconnect them). */
export type OnAccessRevoked = (userId: string) => void;

/**
 * Staff accounts. The last active admin can be neither demoted, disabled nor deleted, and that
 * check and the write happen in one transaction that holds the admins' rows: two admins
 * disabling each other at the same instant cannot leave none. Disabling, demoting, deleting or
 * a new password raises the user's token version (older access tokens are refused) and calls
 * `onAccessRevoked` (their open sockets are closed).
 */
export function usersResource(
  db: Database,
  hasher: PasswordHasher,
  onAccessRevoked: OnAccessRevoked = () => {},
): CrudResource<User, TUser> {
  const { User: Users, RefreshToken } = db.models;
  // IMMEDIATE makes SQLite take its write lock at BEGIN (MySQL ignores it and relies on the
  // row locks below).
  const exclusively = <T>(work: (transaction: Transaction) => Promise<T>) =>
    db.sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, work);
  /**
   * Locks the active admins' rows (taken first and in key order by every staff write, so two
   * writes queue instead of deadlocking), then the target row.
   */
  const lockForChange = async (id: string, transaction: Transaction) => {
    const admins = await Users.findAll({
      where: { role: 'admin', isActive: true },
      attributes: ['id'],
      order: [['id', 'ASC']],
      lock: transaction.LOCK.UPDATE,
      transaction,
    });
    const row = await Users.findByPk(id, { lock: transaction.LOCK.UPDATE, transaction });
    if (!row) throw new AppError('NOT_FOUND', 'No such user');
    const assertAnotherAdmin = () => {
      if (row.role === 'admin' && !admins.some((admin) => admin.id !== row.id))
        throw new AppError('CONFLICT', 'Parley needs at least one active admin');
    };
    return { row, assertAnotherAdmin };
  };
  const revokeRefreshTokens = (userId: string, transaction: Transaction) =>
    RefreshToken.update(
      { revokedAt: new Date() },
      { where: { userId, revokedAt: null }, transaction },
    );

  return {
    path: 'users',
    auditName: 'user',
    model: Users,
    createSchema: ZUserCreateSchema,
    updateSchema: ZUserUpdateSchema,
    present: (row) => toUser(row),
    order: [['email', 'ASC']],
    async toCreate({ password, ...rest }) {
      return { ...rest, passwordHash: await hasher.hash(password as string) };
    },
    async toUpdate({ password, ...rest }) {
      // Hashed before the transaction, so no lock is held during bcrypt's work.
      if (password === undefined) return rest;
      return { ...rest, passwordHash: await hasher.hash(password as string) };
    },
    async save(target, attributes) {
      const isRevoked = await exclusively(async (transaction) => {
        const { row, assertAnotherAdmin } = await lockForChange(target.id, transaction);
        const isDemoted = row.role === 'admin' && attributes.role === 'agent';
        const isDisabled = row.isActive && attributes.isActive === false;
        const hasNewPassword = attributes.passwordHash !== undefined;
        if (isDemoted || isDisabled) assertAnotherAdmin();
        // A new password or disabling signs the user out everywhere: a refresh token stolen
        // before the disabling must not come back to life when the account is re-enabled.
        if (hasNewPassword || isDisabled) await revokeRefreshTokens(row.id, transaction);
        const revokes = isDemoted || isDisabled || hasNewPassword;
        const tokenVersion = revokes ? row.tokenVersion + 1 : row.tokenVersion;
        await row.update({ ...attributes, tokenVersion }, { transaction });
        return revokes;
      });
      await target.reload();
      if (isRevoked) onAccessRevoked(target.id);
    },
    beforeDelete: (row, { user }) =>
      row.id === user.id
        ? Promise.reject(new AppError('CONFLICT', 'You cannot delete yourself'))
        : Promise.resolve(),
    async remove(target) {
      await exclusively(async (transaction) => {
        const { row, assertAnotherAdmin } = await lockForChange(target.id, transaction);
        assertAnotherAdmin();
        await RefreshToken.destroy({ where: { userId: row.id }, transaction });
        await row.destroy({ transaction });
      });
      onAccessRevoked(target.id);
    },
  };
}
