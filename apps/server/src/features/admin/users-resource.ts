import { AppError, ZUserCreateSchema, ZUserUpdateSchema, type TUser } from '@parley/protocol';
import type { Database, User } from '@parley/db';
import type { PasswordHasher } from '../auth/password-hasher.ts';
import { toUser } from '../auth/user-mapping.ts';
import type { CrudResource } from './crud-routes.ts';
import { createStaffAccounts } from './staff-accounts.ts';

/** Told when a user's current tokens and sockets must stop working (e.g. to disconnect them). */
export type OnAccessRevoked = (userId: string) => void;

/**
 * Staff accounts. The last active admin can be neither demoted, disabled nor deleted (checked
 * with the write, in one transaction: `staff-accounts.ts`). Disabling, demoting, deleting or a
 * new password raises the user's token version (older access tokens are refused) and calls
 * `onAccessRevoked` (their open sockets are closed).
 */
export function usersResource(
  db: Database,
  hasher: PasswordHasher,
  onAccessRevoked: OnAccessRevoked = () => {},
): CrudResource<User, TUser> {
  const accounts = createStaffAccounts(db);
  return {
    path: 'users',
    auditName: 'user',
    model: db.models.User,
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
      const isRevoked = await accounts.change(target.id, attributes);
      await target.reload();
      if (isRevoked) onAccessRevoked(target.id);
    },
    beforeDelete: (row, { user }) =>
      row.id === user.id
        ? Promise.reject(new AppError('CONFLICT', 'You cannot delete yourself'))
        : Promise.resolve(),
    async remove(target) {
      await accounts.remove(target.id);
      onAccessRevoked(target.id);
    },
  };
}
