import {
  ZBanCreateSchema,
  ZBanUpdateSchema,
  type TBan,
  type TBanCreate,
  type TBanUpdate,
} from '@parley/protocol';
import type { Database, UserBan } from '@parley/db';
import type { BanService } from '../moderation/ban-service.ts';
import type { CrudResource } from './crud-routes.ts';
import { presentBan } from './resource-presenters.ts';

const toDate = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : new Date(value);

/**
 * Bans of a visitor or an IP address over REST: a thin adapter over moderation's ban service,
 * so a ban made in the dashboard has the same effects as one made on review (the visitor's
 * widgets get BANNED, their connections close).
 */
export function bansResource(db: Database, bans: BanService): CrudResource<UserBan, TBan> {
  return {
    path: 'bans',
    auditName: 'ban',
    model: db.models.UserBan,
    createSchema: ZBanCreateSchema,
    updateSchema: ZBanUpdateSchema,
    present: presentBan,
    create(attributes, { user }) {
      const input = attributes as TBanCreate;
      return bans.create({
        visitorId: input.visitorId,
        ipAddress: input.ipAddress,
        reason: input.reason,
        expiresAt: toDate(input.expiresAt),
        bannedBy: user.id,
      });
    },
    async save(row, attributes) {
      const input = attributes as TBanUpdate;
      await bans.update(row, { reason: input.reason, expiresAt: toDate(input.expiresAt) });
    },
    remove: (row) => bans.lift(row),
  };
}
