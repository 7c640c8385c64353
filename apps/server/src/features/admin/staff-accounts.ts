import { Transaction } from 'sequelize';
import { AppError, type TAgent } from '@parley/protocol';
import type { Database } from '@parley/db';

/**
 * Changes to staff accounts that must never leave Parley without an active admin. The check and
 * the write happen in one transaction that holds the admins' rows: two admins disabling each
 * other at the same instant cannot leave none.
 */
export interface StaffAccounts {
  /**
   * Writes `attributes` (a `passwordHash` already hashed); refuses to demote or disable the last
   * active admin. Disabling, demoting or a new password raises the token version and revokes the
   * user's refresh tokens; true when the user's access must stop now.
   */
  change(userId: string, attributes: Record<string, unknown>): Promise<boolean>;
  /** Deletes the user and their refresh tokens; refuses to delete the last active admin. */
  remove(userId: string): Promise<void>;
  /** Active staff by name: whom a conversation can be handed to. */
  listAgents(): Promise<TAgent[]>;
}

export function createStaffAccounts(db: Database): StaffAccounts {
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
    change: (userId, attributes) =>
      exclusively(async (transaction) => {
        const { row, assertAnotherAdmin } = await lockForChange(userId, transaction);
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
      }),
    remove: (userId) =>
      exclusively(async (transaction) => {
        const { row, assertAnotherAdmin } = await lockForChange(userId, transaction);
        assertAnotherAdmin();
        await RefreshToken.destroy({ where: { userId: row.id }, transaction });
        await row.destroy({ transaction });
      }),
    async listAgents() {
      const users = await Users.findAll({
        where: { isActive: true, role: ['admin', 'agent'] },
        attributes: ['id', 'fullName'],
        order: [['fullName', 'ASC']],
      });
      return users.map((user) => ({ id: user.id, fullName: user.fullName }));
    },
  };
}
