import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Op } from 'sequelize';
import {
  AppError,
  type TFeedback,
  type TMessage,
  type TSession,
  type TSessionMessagesPage,
} from '@parley/protocol';
import type { ChatSession, Database } from '@parley/db';
import type { DomainEvents } from '../../app/domain-events.ts';
import { createBatchedInsert } from './batched-insert.ts';
import { sessionsTable } from './new-rows.ts';
import { toMessage, toSession, type MessageRow, type SessionRow } from './conversation-mapping.ts';
import type { TransitionSession } from './session-transitions.ts';

/** Who is asking: every call is scoped to one visitor of one widget. */
export interface VisitorScope {
  widgetId: string;
  visitorId: string;
}

/** Messages sent back with `session:start`; older ones come from the paging REST route. */
const LATEST_ON_START = 30;
/** Safety bound on one resume; a client this far behind pages the rest over REST. */
const MAX_RESUME = 1000;

export interface SessionService {
  /** The visitor's own session, or `NOT_FOUND` (whether it exists for someone else or not). */
  findOwned(scope: VisitorScope, sessionId: string): Promise<ChatSession>;
  start(
    scope: VisitorScope,
    input: {
      sessionId?: string;
      page: { url: string; title: string; referrer?: string };
      locale?: string;
      /** The widget socket's User-Agent header, for the agent's visitor panel. */
      userAgent?: string;
      /**
       * The visitor was created by this connection and has started nothing yet (its token has
       * not left the server): there is no open session to look for.
       */
      isNewVisitor?: boolean;
    },
  ): Promise<{ session: TSession; messages: TMessage[] }>;
  resume(scope: VisitorScope, input: { sessionId: string; afterSeq: number }): Promise<TMessage[]>;
  listBefore(
    scope: VisitorScope,
    input: { sessionId: string; before?: number; limit: number },
  ): Promise<TSessionMessagesPage>;
  markRead(scope: VisitorScope, input: { sessionId: string; seq: number }): Promise<void>;
  requestHandoff(scope: VisitorScope, sessionId: string): Promise<TSession>;
  recordFeedback(scope: VisitorScope, input: TFeedback): Promise<void>;
}

export function createSessionService(
  db: Database,
  events: DomainEvents,
  transition: TransitionSession,
): SessionService {
  const { ChatSession: Sessions, ChatMessage: Messages, MessageFeedback } = db.models;
  // Sessions are started in bursts with new visitors: one commit per burst.
  const newSessions = createBatchedInsert(db, sessionsTable(db.sequelize));

  const findOwned: SessionService['findOwned'] = async (scope, sessionId) => {
    const session = await Sessions.findOne({
      where: { id: sessionId, visitorId: scope.visitorId, widgetId: scope.widgetId },
    });
    if (!session) throw new AppError('NOT_FOUND', 'No such session', { field: 'sessionId' });
    return session;
  };

  const latest = async (sessionId: string, limit: number, before?: number) => {
    const rows = await Messages.findAll({
      where: { sessionId, ...(before !== undefined ? { seq: { [Op.lt]: before } } : {}) },
      order: [['seq', 'DESC']],
      limit: limit + 1,
    });
    const hasMore = rows.length > limit;
    return {
      messages: rows
        .slice(0, limit)
        .reverse()
        .map((row) => toMessage(row as MessageRow)),
      hasMore,
    };
  };

  return {
    findOwned,
    async start(scope, { sessionId, page, locale, userAgent, isNewVisitor }) {
      const existing = sessionId
        ? await findOwned(scope, sessionId)
        : isNewVisitor
          ? null
          : await Sessions.findOne({
              where: {
                visitorId: scope.visitorId,
                widgetId: scope.widgetId,
                status: { [Op.ne]: 'closed' },
              },
              order: [['lastMessageAt', 'DESC']],
            });
      const metadata = {
        ...(existing?.metadata ?? {}),
        page: { url: page.url, title: page.title },
        // Staff-only context (the visitor panel); `toSession` never sends it to the widget.
        client: {
          referrer: page.referrer || null,
          locale: locale ?? null,
          userAgent: userAgent?.slice(0, 512) ?? null,
        },
      };
      if (existing) {
        // A reconnect or reload on the same page resumes without writing anything.
        if (!isDeepStrictEqual(existing.metadata ?? {}, metadata))
          await existing.update({ metadata });
        return {
          session: toSession(existing),
          messages: (await latest(existing.id, LATEST_ON_START)).messages,
        };
      }
      const now = new Date();
      const row: SessionRow = {
        id: randomUUID(),
        widgetId: scope.widgetId,
        visitorId: scope.visitorId,
        status: 'open',
        title: null,
        lastSeq: 0,
        metadata,
        createdAt: now,
        lastMessageAt: now,
      };
      await newSessions.insert(row);
      const session = toSession(row);
      events.emit('session:created', { session });
      return { session, messages: [] };
    },
    async resume(scope, { sessionId, afterSeq }) {
      await findOwned(scope, sessionId);
      const rows = await Messages.findAll({
        where: { sessionId, seq: { [Op.gt]: afterSeq } },
        order: [['seq', 'ASC']],
        limit: MAX_RESUME,
      });
      return rows.map((row) => toMessage(row as MessageRow));
    },
    async listBefore(scope, { sessionId, before, limit }) {
      await findOwned(scope, sessionId);
      return latest(sessionId, limit, before);
    },
    async markRead(scope, { sessionId, seq }) {
      await findOwned(scope, sessionId);
      // The visitor reads what the other side wrote.
      await Messages.update(
        { status: 'read' },
        {
          where: {
            sessionId,
            seq: { [Op.lte]: seq },
            senderType: { [Op.ne]: 'visitor' },
            status: 'delivered',
          },
        },
      );
      events.emit('message:read', { sessionId, seq, reader: 'visitor' });
    },
    async requestHandoff(scope, sessionId) {
      const session = await findOwned(scope, sessionId);
      if (session.status === 'closed')
        throw new AppError('SESSION_CLOSED', 'This conversation is closed');
      // Asked again, or a person already has it: nothing to change.
      if (session.status !== 'open') return toSession(session);
      try {
        const updated = await transition(session.id, { from: 'open', to: 'handoff' });
        events.emit('handoff:requested', { session: updated });
        return updated;
      } catch (error) {
        // Another tab asked, or an agent took it, meanwhile: the session as it is now.
        if (error instanceof AppError && error.code === 'CONFLICT')
          return toSession(await findOwned(scope, sessionId));
        throw error;
      }
    },
    async recordFeedback(scope, { messageId, rating, comment }) {
      const message = await Messages.findByPk(messageId);
      const notFound = new AppError('NOT_FOUND', 'No such message', { field: 'messageId' });
      if (!message) throw notFound;
      await findOwned(scope, message.sessionId).catch(() => {
        throw notFound;
      });
      const existing = await MessageFeedback.findOne({
        where: { messageId, visitorId: scope.visitorId },
      });
      if (existing) await existing.update({ rating, comment: comment ?? null });
      else
        await MessageFeedback.create({
          messageId,
          visitorId: scope.visitorId,
          rating,
          comment: comment ?? null,
        });
      events.emit('feedback:recorded', {
        sessionId: message.sessionId,
        messageId,
        visitorId: scope.visitorId,
        rating,
        comment: comment ?? null,
      });
    },
  };
}
