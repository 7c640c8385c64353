import { ZBanCreateSchema, ZBanUpdateSchema, type TBan } from '@parley/protocol';
import type { Database, UserBan } from '@parley/db';
import type { ConversationEvents } from '../conversations/conversation-events.ts';
import type { CrudResource } from './crud-routes.ts';
import { presentBan } from './resource-presenters.ts';
import { assertExists } from './resource-json.ts';
import { clientAddressKey } from '../../http/client-address-key.ts';

/** An IP ban covers what a limit counts as one client: an IPv6 address bans its whole /64. */
const banKey = (address: unknown) =>
  typeof address === 'string' ? clientAddressKey(address) : (address as null | undefined);

/**
 * Bans of a visitor or an IP address (stored by `clientAddressKey`); a new ban closes the
 * visitor's open connections.
 */
export function bansResource(
  db: Database,
  events: ConversationEvents,
): CrudResource<UserBan, TBan> {
  return {
    path: 'bans',
    auditName: 'ban',
    model: db.models.UserBan,
    createSchema: ZBanCreateSchema,
    updateSchema: ZBanUpdateSchema,
    present: presentBan,
    async toCreate(input, { user }) {
      await assertExists(db.models.Visitor, input.visitorId as string | null, 'visitorId');
      return { ...input, ipAddress: banKey(input.ipAddress), bannedBy: user.id };
    },
    toUpdate: (input) =>
      Promise.resolve(input.ipAddress ? { ...input, ipAddress: banKey(input.ipAddress) } : input),
    afterChange(row, kind) {
      if (kind === 'create' && row.visitorId)
        events.emit('visitor:banned', { visitorId: row.visitorId });
    },
  };
}
