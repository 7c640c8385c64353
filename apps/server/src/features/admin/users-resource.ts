import { Op } from 'sequelize';
import { AppError, ZUserCreateSchema, ZUserUpdateSchema } from '@parley/protocol';
import type { Database, User } from '@parley/db';
import type { PasswordHasher } from '../auth/password-hasher.ts';
import { toUser } from '../auth/user-mapping.ts';
import type { CrudResource } from './crud-routes.ts';

/** Staff accounts. The last active admin can be neither demoted, disabled nor deleted. */
export function usersResource(db: Database, hasher: PasswordHasher): CrudResource<User> {
  const { User: Users, RefreshToken } = db.models;
  const assertAnotherAdmin = async (row: User) => {
    if (row.role !== 'admin') return;
    const others = await Users.count({
      where: { role: 'admin', isActive: true, id: { [Op.ne]: row.id } },
    });
    if (others === 0) throw new AppError('CONFLICT', 'Parley needs at least one active admin');
  };
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
    async toUpdate({ password, ...rest }, row) {
      if (rest.role === 'agent' || rest.isActive === false) await assertAnotherAdmin(row);
      if (password === undefined) return rest;
      // A new password signs the user out everywhere else.
      await RefreshToken.update(
        { revokedAt: new Date() },
        { where: { userId: row.id, revokedAt: { [Op.is]: null } } },
      );
      return { ...rest, passwordHash: await hasher.hash(password as string) };
    },
    async beforeDelete(row, { user }) {
      if (row.id === user.id) throw new AppError('CONFLICT', 'You cannot delete yourself');
      await assertAnotherAdmin(row);
      await RefreshToken.destroy({ where: { userId: row.id } });
    },
  };
}
