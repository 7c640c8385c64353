import { QueryTypes, UniqueConstraintError } from 'sequelize';
import { AppError, type TUnreadCounts } from '@parley/protocol';
import type { Database } from '@parley/db';

export interface UnreadService {
  /** Visitor messages `userId` has not read, in conversations that are not closed. */
  counts(userId: string): Promise<TUnreadCounts>;
  /** Marks `sessionId` read by `userId` up to `seq` (default: its last message); never backwards. */
  markRead(userId: string, sessionId: string, seq?: number): Promise<void>;
}

export function createUnreadService(db: Database): UnreadService {
  const { ChatSession, ConversationRead } = db.models;
  return {
    async counts(userId) {
      const rows = await db.sequelize.query<{ sessionId: string; unread: number | string }>(
        `SELECT m.session_id AS sessionId, COUNT(*) AS unread
           FROM chat_messages m
           JOIN chat_sessions s ON s.id = m.session_id
           LEFT JOIN conversation_reads r ON r.session_id = m.session_id AND r.user_id = :userId
          WHERE m.sender_type = 'visitor' AND m.status <> 'moderated' AND s.status <> 'closed'
            AND m.seq > COALESCE(r.last_read_seq, 0)
          GROUP BY m.session_id`,
        { replacements: { userId }, type: QueryTypes.SELECT },
      );
      const sessions: Record<string, number> = {};
      for (const row of rows) sessions[row.sessionId] = Number(row.unread);
      const total = Object.values(sessions).reduce((sum, count) => sum + count, 0);
      return { total, sessions };
    },
    async markRead(userId, sessionId, seq) {
      const session = await ChatSession.findByPk(sessionId, { attributes: ['id', 'lastSeq'] });
      if (!session) throw new AppError('NOT_FOUND', 'No such session');
      const upTo = Math.min(seq ?? session.lastSeq, session.lastSeq);
      const advance = async () => {
        const row = await ConversationRead.findOne({ where: { userId, sessionId } });
        if (row && upTo > row.lastReadSeq) await row.update({ lastReadSeq: upTo });
        return row !== null;
      };
      if (await advance()) return;
      try {
        await ConversationRead.create({ userId, sessionId, lastReadSeq: upTo });
      } catch (error) {
        // Another tab marked it at the same moment: its row stands, moved forward if needed.
        if (!(error instanceof UniqueConstraintError)) throw error;
        await advance();
      }
    },
  };
}
