import {
  ZCannedReplyCreateSchema,
  ZCannedReplyUpdateSchema,
  type TCannedReply,
} from '@parley/protocol';
import type { CannedReply, Database } from '@parley/db';
import type { CrudResource } from './crud-routes.ts';

/** Canned replies: admins write them, every agent reads them (the composer's `/` picker). */
export function cannedRepliesResource(db: Database): CrudResource<CannedReply, TCannedReply> {
  return {
    path: 'canned-replies',
    auditName: 'canned-reply',
    model: db.models.CannedReply,
    createSchema: ZCannedReplyCreateSchema,
    updateSchema: ZCannedReplyUpdateSchema,
    order: [['shortcut', 'ASC']],
    readRoles: ['admin', 'agent'],
    present: (row): TCannedReply => ({
      id: row.id,
      shortcut: row.shortcut,
      title: row.title,
      content: row.content,
      updatedAt: row.updatedAt.toISOString(),
    }),
  };
}
