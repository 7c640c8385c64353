import { col, fn, Op } from 'sequelize';
import { normaliseQuestion } from '@parley/ai';
import type { TAnalyticsQuery, TAnalyticsReport } from '@parley/protocol';
import type { Database } from '@parley/db';
import {
  agentRows,
  groupQuestions,
  isHandedOff,
  serviceTimes,
  share,
  type FirstMessage,
  type SessionFacts,
} from './analytics-figures.ts';
import { resolveRange } from './analytics-range.ts';
import { rawRows } from './raw-rows.ts';

/** Most conversations one report reads (the newest of the range); bounded work per request. */
const MAX_SESSIONS = 5000;
/** Most logged questions grouped for "top questions". */
const MAX_QUESTIONS = 5000;

/**
 * A timestamp from a raw row: a Date on MySQL/MariaDB, text on SQLite
 * (`2026-11-29 05:38:16.123 +00:00`).
 */
function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value).trim();
  return new Date(text.replace(' ', 'T').replace(/ ?\+00:00$/, 'Z'));
}

/** A nullable id column of a raw row. */
function optionalId(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Sums of `cost` rows per key. */
function sumBy<T>(rows: T[], keyOf: (row: T) => string, valueOf: (row: T) => number) {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(keyOf(row), (sums.get(keyOf(row)) ?? 0) + valueOf(row));
  return sums;
}

/** `GET /analytics/report`: service figures, per widget and per agent, and grouped questions. */
export async function buildAnalyticsReport(
  db: Database,
  query: TAnalyticsQuery,
): Promise<TAnalyticsReport> {
  const { ChatSession, ChatMessage, AiInteractionLog, MessageFeedback, WidgetConfig, User } =
    db.models;
  const range = resolveRange(query);
  const sessionRows = await rawRows<Record<keyof SessionFacts, unknown>>(
    ChatSession.findAll({
      attributes: ['id', 'widgetId', 'status', 'assignedUserId', 'createdAt', 'updatedAt'],
      where: {
        createdAt: { [Op.between]: [range.from, range.to] },
        ...(query.widget ? { widgetId: query.widget } : {}),
      },
      order: [['createdAt', 'DESC']],
      limit: MAX_SESSIONS + 1,
      raw: true,
    }),
  );
  const isSampled = sessionRows.length > MAX_SESSIONS;
  const sessions: SessionFacts[] = sessionRows.slice(0, MAX_SESSIONS).map((row) => ({
    id: String(row.id),
    widgetId: String(row.widgetId),
    status: String(row.status),
    assignedUserId: optionalId(row.assignedUserId),
    createdAt: toDate(row.createdAt),
    updatedAt: toDate(row.updatedAt),
  }));
  const ids = sessions.map((session) => session.id);
  const [firstRows, feedbackRows, costRows, questionRows] = await Promise.all([
    rawRows<Record<string, unknown>>(
      ChatMessage.findAll({
        attributes: [
          'sessionId',
          'senderType',
          'senderId',
          [fn('min', col('created_at')), 'firstAt'],
          [fn('count', col('id')), 'count'],
        ],
        where: { sessionId: ids },
        group: ['sessionId', 'senderType', 'senderId'],
        raw: true,
      }),
    ),
    rawRows<Record<string, unknown>>(
      MessageFeedback.findAll({
        attributes: ['rating'],
        include: [
          {
            model: ChatMessage,
            as: 'message',
            attributes: ['sessionId'],
            where: { sessionId: ids },
          },
        ],
        raw: true,
      }),
    ),
    rawRows<Record<string, unknown>>(
      AiInteractionLog.findAll({
        attributes: ['sessionId', [fn('sum', col('estimated_cost')), 'cost']],
        where: { sessionId: ids },
        group: ['sessionId'],
        raw: true,
      }),
    ),
    rawRows<{ query: string | null }>(
      AiInteractionLog.findAll({
        attributes: ['query'],
        where: {
          createdAt: { [Op.between]: [range.from, range.to] },
          ...(query.widget ? { sessionId: ids } : {}),
        },
        order: [['createdAt', 'DESC']],
        limit: MAX_QUESTIONS,
        raw: true,
      }),
    ),
  ]);
  const firsts: FirstMessage[] = firstRows.map((row) => ({
    sessionId: String(row.sessionId),
    senderType: String(row.senderType),
    senderId: optionalId(row.senderId),
    firstAt: toDate(row.firstAt),
    count: Number(row.count),
  }));
  const agentSessions = new Set(
    firsts.filter((row) => row.senderType === 'agent').map((row) => row.sessionId),
  );
  const widgetOf = new Map(sessions.map((session) => [session.id, session.widgetId]));
  const ratings = feedbackRows.map((row) => ({
    widgetId: widgetOf.get(String(row['message.sessionId'])) ?? '',
    isUp: row.rating === 'up',
  }));
  const agentIds = [
    ...new Set(
      firsts.flatMap((row) => (row.senderType === 'agent' && row.senderId ? [row.senderId] : [])),
    ),
  ];
  const widgetIds = [...new Set(sessions.map((session) => session.widgetId))];
  const [widgets, users] = await Promise.all([
    WidgetConfig.findAll({ attributes: ['id', 'name'], where: { id: widgetIds } }),
    User.findAll({ attributes: ['id', 'fullName'], where: { id: agentIds } }),
  ]);
  const messagesPerSession = sumBy(
    firsts,
    (row) => row.sessionId,
    (row) => row.count,
  );
  const costPerWidget = sumBy(
    costRows,
    (row) => widgetOf.get(String(row.sessionId)) ?? '',
    (row) => Number(row.cost ?? 0),
  );
  const up = ratings.filter((rating) => rating.isUp).length;
  return {
    sessions: sessions.length,
    ...serviceTimes(sessions, firsts),
    handoffRate: share(
      sessions.filter((s) => isHandedOff(s, agentSessions)).length,
      sessions.length,
    ),
    satisfaction: share(up, ratings.length),
    feedbackCount: ratings.length,
    widgets: widgets
      .map((widget) => {
        const own = sessions.filter((session) => session.widgetId === widget.id);
        const rated = ratings.filter((rating) => rating.widgetId === widget.id);
        return {
          widgetId: widget.id,
          name: widget.name,
          sessions: own.length,
          messages: own.reduce((sum, s) => sum + (messagesPerSession.get(s.id) ?? 0), 0),
          handoffRate: share(own.filter((s) => isHandedOff(s, agentSessions)).length, own.length),
          satisfaction: share(rated.filter((rating) => rating.isUp).length, rated.length),
          estimatedCost: Math.round((costPerWidget.get(widget.id) ?? 0) * 1e6) / 1e6,
        };
      })
      .sort((a, b) => b.sessions - a.sessions || a.name.localeCompare(b.name)),
    agents: agentRows(firsts, new Map(users.map((user) => [user.id, user.fullName]))),
    topQuestions: groupQuestions(
      questionRows.map((row) => row.query ?? ''),
      normaliseQuestion,
    ),
    isSampled,
  };
}
