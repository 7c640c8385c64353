import { AppError, type TConversationNote } from '@parley/protocol';
import type { ConversationNote, Database } from '@parley/db';
import { parseId } from './resource-json.ts';

/** Notes shown with a conversation; older ones are rarely needed in the inbox. */
const MAX_NOTES_READ = 500;

/** The staff user writing a note. */
export interface NoteAuthor {
  id: string;
  fullName: string;
}

/** Private notes on conversations: written and read by staff, never part of the chat. */
export interface NoteService {
  add(author: NoteAuthor, sessionId: string, content: string): Promise<TConversationNote>;
  /** NOT_FOUND unless the session exists (staff typing in it, say). */
  assertSessionExists(sessionId: string): Promise<void>;
  list(sessionId: string): Promise<TConversationNote[]>;
}

export function createNoteService(db: Database): NoteService {
  const { ChatSession, ConversationNote: Notes, User: Users } = db.models;
  const assertSessionExists = async (sessionId: string) => {
    const id = parseId(sessionId, 'sessionId');
    if ((await ChatSession.count({ where: { id } })) === 0)
      throw new AppError('NOT_FOUND', 'No such session', { field: 'sessionId' });
    return id;
  };
  return {
    async assertSessionExists(sessionId) {
      await assertSessionExists(sessionId);
    },
    async add(author, sessionId, content) {
      const id = await assertSessionExists(sessionId);
      const row = await Notes.create({ sessionId: id, userId: author.id, content });
      return toNote(row, author.fullName);
    },
    async list(sessionId) {
      const rows = await Notes.findAll({
        where: { sessionId: parseId(sessionId) },
        include: [{ model: Users, as: 'user', attributes: ['fullName'] }],
        order: [['createdAt', 'ASC']],
        limit: MAX_NOTES_READ,
      });
      return rows.map((row) => toNote(row, row.user?.fullName ?? null));
    },
  };
}

function toNote(row: ConversationNote, authorName: string | null): TConversationNote {
  return {
    id: row.id,
    sessionId: row.sessionId,
    authorName,
    content: row.content,
    createdAt: row.createdAt.toISOString(),
  };
}
