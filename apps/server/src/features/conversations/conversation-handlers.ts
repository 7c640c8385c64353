import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';
import type { z } from 'zod';
import {
  AppError,
  ZFeedbackSchema,
  ZHandoffRequestSchema,
  ZIdentifySchema,
  ZMessageReadSchema,
  ZMessageSendSchema,
  ZSessionResumeSchema,
  ZSessionStartSchema,
  ZTypingSchema,
  type Ack,
} from '@parley/protocol';
import { toAppError } from '../../http/error-handler.ts';
import type { InFlightWork } from '../../app/in-flight-work.ts';
import type { Logger } from '../../logging/create-logger.ts';
import type { WidgetService } from '../widgets/widget-service.ts';
import type { ConversationEvents } from './conversation-events.ts';
import type { ConversationService } from './conversation-service.ts';
import type { RateLimits } from './rate-limits.ts';
import { admitWidgetSocket, type WidgetSocketData } from './socket-handshake.ts';
import {
  relayEvents,
  sessionRoom,
  visitorRoom,
  widgetRoom,
  type WidgetNamespace,
  type WidgetSocket,
} from './widget-relay.ts';
import type { VisitorService } from './visitor-service.ts';

export interface WidgetGatewayParts {
  io: Server;
  conversations: ConversationService;
  visitors: VisitorService;
  widgets: WidgetService;
  events: ConversationEvents;
  limits: RateLimits;
  logger: Logger;
  /** The client's address as Express resolves `req.ip` (same `TRUST_PROXY`). */
  clientAddress: (request: IncomingMessage) => string;
  inFlight: InFlightWork;
  /** Grace after a session's last tab disconnects before its AI answer is stopped. */
  abandonAfterMs: number;
  /** Events other features answer on `/widget` (presence, offline contact), bound like these. */
  extensions: WidgetEventExtension[];
}

/** An event another feature answers on `/widget`, with the same limits, parsing and acks. */
export interface WidgetEventExtension<S extends z.ZodType = z.ZodType> {
  event: string;
  schema: S;
  handle(visitor: WidgetSocketData, payload: z.output<S>): Promise<object>;
}

/**
 * The `/widget` namespace: admits connections, parses every event with its protocol schema,
 * calls the conversation service and answers with an ack envelope; turns conversation events
 * into emits to session rooms. Returns a function that detaches the event listeners.
 */
export function registerWidgetGateway(parts: WidgetGatewayParts): () => void {
  // The listen side stays untyped on purpose: every payload arrives as `unknown` and is parsed.
  const nsp = parts.io.of('/widget') as unknown as WidgetNamespace;
  nsp.use((socket, next) => {
    admitWidgetSocket(parts, socket).then(
      (data) => {
        socket.data = data;
        next();
      },
      (error: unknown) => {
        const appError = toAppError(error, parts.logger);
        next(Object.assign(new Error(appError.message), { data: appError.toJSON() }));
      },
    );
  });
  nsp.on('connection', (socket) => registerHandlers(parts, socket));
  return relayEvents(nsp, parts.events);
}

function registerHandlers(parts: WidgetGatewayParts, socket: WidgetSocket): void {
  const { conversations, limits } = parts;
  const { sessions } = conversations;
  const data = socket.data;
  const scope = () => ({ widgetId: data.widgetId, visitorId: data.visitorId });
  void socket.join([widgetRoom(data.widgetId), visitorRoom(data.visitorId)]);
  const join = (sessionId: string) => {
    data.sessionIds.add(sessionId);
    void socket.join(sessionRoom(sessionId));
  };
  const on = <S extends z.ZodType, R extends object>(
    event: string,
    schema: S,
    handle: (payload: z.output<S>) => Promise<R>,
  ) => bindEvent({ socket, parts, event, schema, handle });

  socket.on('disconnect', () => stopAbandonedAnswers(parts, socket));

  on('session:start', ZSessionStartSchema, async (payload) => {
    const userAgent = socket.handshake.headers['user-agent'];
    const { session, messages } = await sessions.start(scope(), { ...payload, userAgent });
    join(session.id);
    return { session, messages, visitor: { id: data.visitorId, token: data.visitorToken } };
  });
  on('message:send', ZMessageSendSchema, async ({ sessionId, clientId, content }) => {
    await limits.consume('messagesPerVisitor', data.visitorId);
    await limits.consume('messagesPerIp', data.ip);
    const message = await conversations.sendVisitorMessage({
      scope: scope(),
      ip: data.ip,
      sessionId,
      clientId,
      content,
    });
    join(sessionId);
    return { message };
  });
  on('session:resume', ZSessionResumeSchema, async (payload) => {
    const messages = await sessions.resume(scope(), payload);
    join(payload.sessionId);
    return { messages };
  });
  on('typing', ZTypingSchema, ({ sessionId, isTyping }) => {
    if (!data.sessionIds.has(sessionId))
      throw new AppError('NOT_FOUND', 'No such session', { field: 'sessionId' });
    parts.events.emit('typing', { sessionId, actor: 'visitor', isTyping });
    return Promise.resolve({});
  });
  on('message:read', ZMessageReadSchema, async (payload) => {
    await sessions.markRead(scope(), payload);
    return {};
  });
  on('handoff:request', ZHandoffRequestSchema, async ({ sessionId }) => ({
    session: await sessions.requestHandoff(scope(), sessionId),
  }));
  on('feedback', ZFeedbackSchema, async (payload) => {
    await sessions.recordFeedback(scope(), payload);
    return {};
  });
  on('identify', ZIdentifySchema, async (payload) => {
    const widget = await parts.widgets.findActiveById(data.widgetId);
    const visitor = await parts.visitors.identify({ widget, visitorId: data.visitorId, payload });
    if (visitor.id !== data.visitorId) {
      void socket.leave(visitorRoom(data.visitorId));
      void socket.join(visitorRoom(visitor.id));
    }
    data.visitorId = visitor.id;
    data.visitorToken = visitor.token;
    parts.events.emit('visitor:identified', { visitorId: visitor.id, widgetId: data.widgetId });
    return { visitor };
  });
  for (const extension of parts.extensions)
    on(extension.event, extension.schema, (payload) => extension.handle(data, payload));
}

/**
 * When a visitor's last tab of a session goes, its AI answer keeps running for a grace period
 * (a reload or a flaky network comes back and gets the answer through resume); after that, the
 * provider call is aborted so nobody pays for an answer no one will read. The room is checked
 * through the adapter, so a tab on another node counts.
 */
function stopAbandonedAnswers(parts: WidgetGatewayParts, socket: WidgetSocket): void {
  const sessionIds = [...socket.data.sessionIds];
  if (sessionIds.length === 0) return;
  const nsp = parts.io.of('/widget');
  setTimeout(() => {
    for (const sessionId of sessionIds) {
      nsp
        .in(sessionRoom(sessionId))
        .fetchSockets()
        .then((remaining) => {
          if (remaining.length === 0)
            parts.conversations.dispatcher.stopSession(sessionId, 'the visitor left');
        })
        .catch((error: unknown) =>
          parts.logger.warn({ err: error, sessionId }, 'room check failed'),
        );
    }
  }, parts.abandonAfterMs).unref();
}

/**
 * One event: rate limit, schema, service, ack. Nothing a client sends can throw out of here;
 * unknown errors are logged with a correlation id and answered as `INTERNAL`.
 */
function bindEvent<S extends z.ZodType, R extends object>(options: {
  socket: WidgetSocket;
  parts: WidgetGatewayParts;
  event: string;
  schema: S;
  handle: (payload: z.output<S>) => Promise<R>;
}): void {
  const { socket, parts, event, schema, handle } = options;
  socket.on(event, (payload: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (response: Ack<R>) => void) : undefined;
    // In flight until the ack is written, so a graceful shutdown delivers it before closing.
    void parts.inFlight.run(async () => {
      try {
        await parts.limits.consume('eventsPerVisitor', socket.data.visitorId);
        const result = await handle(schema.parse(payload));
        reply?.({ ok: true, ...result });
      } catch (error) {
        reply?.({ ok: false, error: toAppError(error, parts.logger).toJSON() });
      }
    });
  });
}
