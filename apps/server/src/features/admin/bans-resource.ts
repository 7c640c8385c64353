import { ZBanCreateSchema, ZBanUpdateSchema } from '@parley/protocol';
import type { Database, UserBan } from '@parley/db';
import type { ConversationEvents } from '../conversations/conversation-events.ts';
import type { CrudResource } from './crud-routes.ts';
import { assertExists } from './resource-json.ts';

/** Bans of a visitor or an IP address; a new ban closes the visitor's open connections. */
export function bansResource(db: Database, events: ConversationEvents): CrudResource<UserBan> {
  return {
    path: 'bans',
    auditName: 'ban',
    model: db.models.UserBan,
    createSchema: ZBanCreateSchema,
    updateSchema: ZBanUpdateSchema,
    async toCreate(input, { user }) {
      await assertExists(db.models.Visitor, input.visitorId as string | null, 'visitorId');
      return { ...input, bannedBy: user.id };
    },
    afterChange(row, kind) {
      if (kind === 'create' && row.visitorId)
        events.emit('visitor:banned', { visitorId: row.visitorId });
    },
  };
}
