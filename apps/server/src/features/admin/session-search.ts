import { Op, type WhereOptions } from 'sequelize';
import { AppError, type TSessionListQuery } from '@parley/protocol';
import { containsText, type ChatSession, type Database } from '@parley/db';

/** Sessions whose messages mention `q`; bounded so a common word cannot scan forever. */
const MAX_SEARCH_SESSIONS = 2000;

interface Cursor {
  t: string;
  id: string;
}

export function encodeCursor(row: ChatSession): string {
  const cursor: Cursor = { t: row.lastMessageAt.toISOString(), id: row.id };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(value: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (
      typeof parsed.t === 'string' &&
      typeof parsed.id === 'string' &&
      !isNaN(Date.parse(parsed.t))
    )
      return { t: parsed.t, id: parsed.id };
  } catch {
    // fall through
  }
  throw new AppError('INVALID_PAYLOAD', 'cursor is not one this API gave out', { field: 'cursor' });
}

/** The `where` of `GET /sessions`: filters, full-text match on title and messages, cursor. */
export async function buildSessionWhere(
  db: Database,
  query: TSessionListQuery,
  viewerId?: string,
): Promise<WhereOptions> {
  const and: WhereOptions[] = [];
  if (query.assigned === 'mine') and.push({ assignedUserId: viewerId ?? null });
  if (query.assigned === 'unassigned')
    and.push({ assignedUserId: null, status: { [Op.ne]: 'closed' } });
  if (query.status) and.push({ status: query.status });
  if (query.widget) and.push({ widgetId: query.widget });
  if (query.from) and.push({ createdAt: { [Op.gte]: new Date(query.from) } });
  if (query.to) and.push({ createdAt: { [Op.lte]: endOf(query.to) } });
  if (query.q) {
    const hits = await db.models.ChatMessage.findAll({
      attributes: ['sessionId'],
      // Text moderation blocked is blanked for every reader; a search must not give it back.
      where: {
        content: containsText(db.sequelize, query.q),
        status: { [Op.ne]: 'moderated' },
      },
      group: ['sessionId'],
      limit: MAX_SEARCH_SESSIONS,
      raw: true,
    });
    and.push({
      [Op.or]: [
        { title: containsText(db.sequelize, query.q) },
        { id: hits.map((hit) => hit.sessionId) },
      ],
    });
  }
  if (query.cursor) {
    const { t, id } = decodeCursor(query.cursor);
    const at = new Date(t);
    and.push({
      [Op.or]: [{ lastMessageAt: { [Op.lt]: at } }, { lastMessageAt: at, id: { [Op.lt]: id } }],
    });
  }
  return { [Op.and]: and };
}

/** A bare date as `to` includes that whole day. */
function endOf(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59.999Z`) : new Date(value);
}
