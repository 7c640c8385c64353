import {
  AppError,
  type TMessage,
  type TSessionListQuery,
  type TSessionPage,
  type TCleanupResult,
  type TSessionSummary,
} from '@parley/protocol';
import type { ChatSession, Database } from '@parley/db';
import { toMessage, toSession, type MessageRow } from '../conversations/conversation-mapping.ts';
import { parseId } from './resource-json.ts';
import { buildSessionWhere, encodeCursor } from './session-search.ts';
import { readPreviews, type TLastMessage } from './session-preview.ts';
import { cleanupOlderThan } from './retention-cleanup.ts';

/** Bound on one full read (export, conversation view) of a session's messages. */
const MAX_MESSAGES_READ = 10_000;

export interface SessionAdminService {
  /** `viewerId`: the staff user asking, for `assigned=mine` (API keys have none). */
  list(query: TSessionListQuery, viewerId?: string): Promise<TSessionPage>;
  get(id: string): Promise<TSessionSummary>;
  messages(id: string): Promise<TMessage[]>;
  remove(id: string): Promise<void>;
  /** Retention: deletes sessions older than `olderThanDays` and what is left of them elsewhere (`cleanupOlderThan`). */
  cleanup(olderThanDays: number): Promise<TCleanupResult>;
}

export function createSessionAdminService(db: Database): SessionAdminService {
  const { ChatSession: Sessions, ChatMessage: Messages, Visitor, WidgetConfig, User } = db.models;
  const include = [
    { model: Visitor, as: 'visitor', attributes: ['name', 'email'] },
    { model: WidgetConfig, as: 'widget', attributes: ['name'] },
    { model: User, as: 'assignedUser', attributes: ['fullName'] },
  ];
  const find = async (id: string) => {
    const row = await Sessions.findByPk(parseId(id), { include });
    if (!row) throw new AppError('NOT_FOUND', 'No such session');
    return row;
  };
  const summarize = async (rows: ChatSession[]) => {
    const previews = await readPreviews(db, rows);
    return rows.map((row) => toSummary(row, previews.get(row.id) ?? null));
  };
  return {
    async list(query, viewerId) {
      if (query.assigned === 'mine' && !viewerId)
        throw new AppError('INVALID_PAYLOAD', 'assigned=mine needs a signed-in staff user', {
          field: 'assigned',
        });
      const rows = await Sessions.findAll({
        where: await buildSessionWhere(db, query, viewerId),
        include,
        order: [
          ['lastMessageAt', 'DESC'],
          ['id', 'DESC'],
        ],
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: await summarize(page),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
      };
    },
    get: async (id) => (await summarize([await find(id)]))[0]!,
    async messages(id) {
      const session = await find(id);
      const rows = await Messages.findAll({
        where: { sessionId: session.id },
        order: [['seq', 'ASC']],
        limit: MAX_MESSAGES_READ,
      });
      return rows.map((row) => toMessage(row as MessageRow));
    },
    async remove(id) {
      const session = await find(id);
      await session.destroy();
    },
    cleanup: (olderThanDays) =>
      cleanupOlderThan(db, new Date(Date.now() - olderThanDays * 86_400_000)),
  };
}

/** The inbox line of a session, with the visitor's, the widget's and the holder's names. */
function toSummary(row: ChatSession, lastMessage: TLastMessage | null): TSessionSummary {
  const session = toSession(row);
  return {
    id: session.id,
    widgetId: session.widgetId,
    widgetName: row.widget?.name ?? null,
    visitorId: session.visitorId,
    visitorName: row.visitor?.name ?? row.visitor?.email ?? null,
    status: session.status,
    title: session.title,
    assignedUserId: row.assignedUserId,
    assignedUserName: row.assignedUser?.fullName ?? null,
    lastMessage,
    lastSeq: session.lastSeq,
    pageUrl: session.pageUrl ?? null,
    createdAt: session.createdAt,
    lastMessageAt: session.lastMessageAt,
  };
}
