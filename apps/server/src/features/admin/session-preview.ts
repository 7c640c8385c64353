import { Op } from 'sequelize';
import type { TSessionSummary } from '@parley/protocol';
import type { ChatSession, Database } from '@parley/db';

export type TLastMessage = NonNullable<TSessionSummary['lastMessage']>;

/** How far back from a session's newest message a preview is looked for. */
const PREVIEW_WINDOW = 5;
const PREVIEW_LENGTH = 120;

/**
 * The inbox preview of each session: its newest message that is not blocked (`moderated`), one
 * line. Blocked text must never reach a list row, so such messages are skipped, not blanked.
 * One query for the whole page, reading only the last few messages of each session.
 */
export async function readPreviews(
  db: Database,
  sessions: ChatSession[],
): Promise<Map<string, TLastMessage>> {
  const withMessages = sessions.filter((session) => session.lastSeq > 0);
  if (withMessages.length === 0) return new Map();
  const rows = await db.models.ChatMessage.findAll({
    attributes: ['sessionId', 'seq', 'senderType', 'content', 'createdAt'],
    where: {
      status: { [Op.ne]: 'moderated' },
      [Op.or]: withMessages.map((session) => ({
        sessionId: session.id,
        seq: { [Op.gt]: session.lastSeq - PREVIEW_WINDOW },
      })),
    },
    order: [['seq', 'DESC']],
  });
  const previews = new Map<string, TLastMessage>();
  for (const row of rows) {
    if (previews.has(row.sessionId)) continue;
    previews.set(row.sessionId, {
      senderType: row.senderType,
      preview: oneLine(row.content),
      createdAt: row.createdAt.toISOString(),
    });
  }
  return previews;
}

function oneLine(content: string): string {
  const line = content.replace(/\s+/g, ' ').trim();
  return line.length <= PREVIEW_LENGTH ? line : `${line.slice(0, PREVIEW_LENGTH - 1)}…`;
}
