import { col, fn, Op, type WhereOptions } from 'sequelize';
import type {
  TAnalyticsOverview,
  TAnalyticsQuery,
  TAnalyticsReport,
  TAnalyticsSeries,
} from '@parley/protocol';
import type { Database } from '@parley/db';
import { buildAnalyticsReport } from './analytics-report.ts';
import { resolveRange, type Range } from './analytics-range.ts';
import { rawRows } from './raw-rows.ts';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a timestamp column, the same on MariaDB (DATETIME → text) and SQLite (text). */
const dayOf = (column: string) => fn('substr', col(column), 1, 10);

/** Grouped counts; typed loosely because Sequelize types `count` per model. */
interface Countable {
  count(options: object): Promise<unknown>;
}
type DayCount = { count: number | string; [key: string]: unknown };

export interface AnalyticsService {
  overview(query: TAnalyticsQuery): Promise<TAnalyticsOverview>;
  series(query: TAnalyticsQuery): Promise<TAnalyticsSeries>;
  report(query: TAnalyticsQuery): Promise<TAnalyticsReport>;
}

export function createAnalyticsService(db: Database): AnalyticsService {
  const { ChatSession, ChatMessage, AiInteractionLog, MessageFeedback, WidgetConfig } = db.models;
  const inRange = (range: Range): WhereOptions => ({
    createdAt: { [Op.between]: [range.from, range.to] },
  });
  const sessionWhere = (range: Range, query: TAnalyticsQuery): WhereOptions => ({
    ...inRange(range),
    ...(query.widget ? { widgetId: query.widget } : {}),
  });
  /** Provider cost in the range (of the widget's sessions when one is asked for), by day or in all. */
  const costs = async (range: Range, query: TAnalyticsQuery, byDay: boolean) =>
    rawRows<{ day?: string; cost: number | string | null }>(
      AiInteractionLog.findAll({
        attributes: [
          ...(byDay ? [[dayOf('AiInteractionLog.created_at'), 'day'] as [unknown, string]] : []),
          [fn('sum', col('estimated_cost')), 'cost'],
        ] as never,
        where: inRange(range),
        ...(query.widget
          ? {
              include: [
                {
                  model: ChatSession,
                  as: 'session',
                  attributes: [],
                  where: { widgetId: query.widget },
                },
              ],
            }
          : {}),
        ...(byDay ? { group: [dayOf('AiInteractionLog.created_at')] as never } : {}),
        raw: true,
      }),
    );
  /** Provider cost in the range per widget, through the calls' sessions. */
  const costsByWidget = async (range: Range, query: TAnalyticsQuery) => {
    const rows = await rawRows<{ widgetId: string; cost: number | string | null }>(
      AiInteractionLog.findAll({
        attributes: [
          [col('session.widget_id'), 'widgetId'],
          [fn('sum', col('estimated_cost')), 'cost'],
        ] as never,
        where: inRange(range),
        include: [
          {
            model: ChatSession,
            as: 'session',
            attributes: [],
            required: true,
            ...(query.widget ? { where: { widgetId: query.widget } } : {}),
          },
        ],
        group: [col('session.widget_id')] as never,
        raw: true,
      }),
    );
    const costed = rows
      .map((row) => ({ widgetId: String(row.widgetId), estimatedCost: roundCost(row.cost) }))
      .filter((row) => row.estimatedCost > 0);
    const names = new Map(
      (
        await WidgetConfig.findAll({
          attributes: ['id', 'name'],
          where: { id: costed.map((row) => row.widgetId) },
        })
      ).map((widget) => [widget.id, widget.name]),
    );
    return costed
      .map((row) => ({ ...row, widgetName: names.get(row.widgetId) ?? '' }))
      .sort((a, b) => b.estimatedCost - a.estimatedCost);
  };
  const handoffWhere = (range: Range, query: TAnalyticsQuery): WhereOptions => ({
    ...sessionWhere(range, query),
    [Op.or]: [{ status: ['handoff', 'agent'] }, { assignedUserId: { [Op.ne]: null } }],
  });

  return {
    report: (query) => buildAnalyticsReport(db, query),
    async overview(query) {
      const range = resolveRange(query);
      const where = inRange(range);
      const [
        sessions,
        bySender,
        decisions,
        cacheHits,
        latencies,
        up,
        down,
        handoffs,
        cost,
        byWidget,
      ] = await Promise.all([
        ChatSession.count({ where: sessionWhere(range, query) }),
        ChatMessage.count({ where, group: ['senderType'] }),
        AiInteractionLog.count({ where, group: ['decision'] }),
        AiInteractionLog.count({ where: { ...where, decision: 'answered', cacheHit: true } }),
        AiInteractionLog.findAll({
          attributes: ['latencyFirstTokenMs'],
          where: { ...where, latencyFirstTokenMs: { [Op.ne]: null } },
          order: [['latencyFirstTokenMs', 'ASC']],
          limit: 10_000,
          raw: true,
        }),
        MessageFeedback.count({ where: { ...where, rating: 'up' } }),
        MessageFeedback.count({ where: { ...where, rating: 'down' } }),
        ChatSession.count({ where: handoffWhere(range, query) }),
        costs(range, query, false),
        costsByWidget(range, query),
      ]);
      const senders = countsBy(bySender, 'senderType');
      const decided = countsBy(decisions, 'decision');
      const answered = decided.answered ?? 0;
      const middle = latencies[Math.floor(latencies.length / 2)];
      return {
        sessions,
        messages: Object.values(senders).reduce((sum, n) => sum + n, 0),
        visitorMessages: senders.visitor ?? 0,
        aiAnswers: answered,
        agentMessages: senders.agent ?? 0,
        refusals: decided.refused ?? 0,
        handoffs,
        cacheHitRate: answered === 0 ? null : cacheHits / answered,
        firstTokenMsP50: middle?.latencyFirstTokenMs ?? null,
        feedbackUp: up,
        feedbackDown: down,
        estimatedCost: roundCost(cost[0]?.cost),
        costByWidget: byWidget,
      };
    },
    async series(query) {
      const range = resolveRange(query);
      const where = inRange(range);
      const day = dayOf('created_at');
      const perDay = (model: unknown, extra: WhereOptions = {}) =>
        (model as Countable).count({
          where: { ...where, ...extra },
          group: [day],
          attributes: [],
        }) as Promise<DayCount[]>;
      const [sessions, messages, answers, refusals, handoffs, questions, cost] = await Promise.all([
        perDay(ChatSession, query.widget ? { widgetId: query.widget } : {}),
        perDay(ChatMessage),
        perDay(AiInteractionLog, { decision: 'answered' }),
        perDay(AiInteractionLog, { decision: 'refused' }),
        perDay(ChatSession, handoffWhere(range, query)),
        rawRows<{ query: string; count: number | string }>(
          AiInteractionLog.findAll({
            attributes: ['query', [fn('count', col('id')), 'count']],
            where,
            group: ['query'],
            order: [[fn('count', col('id')), 'DESC']],
            limit: 10,
            raw: true,
          }),
        ),
        costs(range, query, true),
      ]);
      return {
        days: listDays(range).map((d) => ({
          day: d,
          sessions: pick(sessions, d),
          messages: pick(messages, d),
          aiAnswers: pick(answers, d),
          refusals: pick(refusals, d),
          handoffs: pick(handoffs, d),
          estimatedCost: roundCost(cost.find((row) => String(row.day) === d)?.cost),
        })),
        topQuestions: questions.map((q) => ({ question: q.query, count: Number(q.count) })),
      };
    },
  };
}

/** A summed DECIMAL (a string on MariaDB, a number on SQLite, null when no row) in dollars. */
function roundCost(value: number | string | null | undefined): number {
  return Math.round(Number(value ?? 0) * 1e6) / 1e6;
}

function countsBy(rows: unknown, key: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows as Record<string, unknown>[]) out[String(row[key])] = Number(row.count);
  return out;
}

/** The count of `day` in grouped rows (Sequelize names the group column after the function). */
function pick(rows: DayCount[], day: string): number {
  const row = rows.find((r) => Object.values(r).some((v) => String(v) === day));
  return row ? Number(row.count) : 0;
}

function listDays(range: Range): string[] {
  const days: string[] = [];
  for (
    let t = Date.parse(range.from.toISOString().slice(0, 10));
    t <= range.to.getTime();
    t += DAY_MS
  )
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
