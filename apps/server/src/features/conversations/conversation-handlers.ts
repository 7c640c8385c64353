import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';
import { AppError, widgetClientEvents, type TWidgetClientEvents } from '@parley/protocol';
import { bindEvents, type EventHandlers } from '../../app/bind-events.ts';
import { toAppError } from '../../http/error-handler.ts';
import type { InFlightWork } from '../../app/in-flight-work.ts';
import type { Logger } from '../../logging/create-logger.ts';
import type { WidgetService } from '../widgets/widget-service.ts';
import { closeWidgetsNoLongerAllowed } from './widget-recheck.ts';
import type { DomainEvents } from '../../app/domain-events.ts';
import type { ConversationService } from './conversation-service.ts';
import type { RateLimits } from './rate-limits.ts';
import { admitWidgetSocket, type WidgetSocketData } from './socket-handshake.ts';
import { addressRoom, sessionRoom, visitorRoom, widgetRoom } from '../../app/rooms.ts';
import { clientAddressKey } from '../../http/client-address-key.ts';
import { relayEvents, widgetNamespace, type WidgetSocket } from './widget-relay.ts';
import type { VisitorService } from './visitor-service.ts';
import type { BanCache } from './ban-cache.ts';
import { bannedError } from './banned-error.ts';

export interface WidgetGatewayParts {
  io: Server;
  conversations: ConversationService;
  visitors: VisitorService;
  widgets: WidgetService;
  events: DomainEvents;
  limits: RateLimits;
  /** Every event of a banned visitor or address is refused, also one sent before its socket closed. */
  bans: BanCache;
  logger: Logger;
  /** The client's address as Express resolves `req.ip` (same `TRUST_PROXY`). */
  clientAddress: (request: IncomingMessage) => string;
  inFlight: InFlightWork;
  /** Grace after a session's last tab disconnects before its AI answer is stopped. */
  abandonAfterMs: number;
  /** Other features' events, bound on each socket as it connects (read at that moment). */
  extraHandlers: readonly WidgetEventHandlers[];
}

/** Handlers another feature adds to `/widget` (moderation's `message:report`). */
export type WidgetEventHandlers = EventHandlers<TWidgetClientEvents, WidgetSocketData>;

/**
 * The `/widget` namespace: admits connections, binds every event of `widgetClientEvents`
 * (rate limit, schema, service, ack envelope) and turns conversation events into emits to
 * session rooms. Returns a function that detaches the event listeners.
 */
export function registerWidgetGateway(parts: WidgetGatewayParts): () => void {
  const nsp = widgetNamespace(parts.io);
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
  nsp.on('connection', (socket) => {
    for (const handlers of [conversationHandlers(parts, socket), ...parts.extraHandlers])
      bindWidgetEvents(parts, socket, handlers);
  });
  const stopRelay = relayEvents(nsp, parts.events);
  const stopRecheck = closeWidgetsNoLongerAllowed({ ...parts, nsp });
  return () => {
    stopRelay();
    stopRecheck();
  };
}

/**
 * Every `/widget` event is limited per visitor, and refused while the visitor or their address
 * is banned, before it is parsed. A ban closes the visitor's sockets, but its notice can be lost
 * (another node's, while Redis is away); this holds regardless.
 */
function bindWidgetEvents(
  parts: WidgetGatewayParts,
  socket: WidgetSocket,
  handlers: WidgetEventHandlers,
): void {
  bindEvents(socket, widgetClientEvents, {
    handlers,
    logger: parts.logger,
    inFlight: parts.inFlight,
    authorize: async () => {
      const { visitorId, ip } = socket.data;
      await parts.limits.consume('eventsPerVisitor', visitorId);
      const ban = (await parts.bans.current()).banOn({ visitorId, ip }, new Date());
      if (ban) throw bannedError(ban);
      return socket.data;
    },
  });
}

function conversationHandlers(
  parts: WidgetGatewayParts,
  socket: WidgetSocket,
): WidgetEventHandlers {
  const { conversations, limits } = parts;
  const { sessions } = conversations;
  const data = socket.data;
  const scope = () => ({ widgetId: data.widgetId, visitorId: data.visitorId });
  void socket.join([
    widgetRoom(data.widgetId),
    visitorRoom(data.visitorId),
    addressRoom(clientAddressKey(data.ip)),
  ]);
  const join = (sessionId: string) => {
    data.sessionIds.add(sessionId);
    void socket.join(sessionRoom(sessionId));
  };
  socket.on('disconnect', () => stopAbandonedAnswers(parts, socket));

  return {
    'session:start': async (payload) => {
      const userAgent = socket.handshake.headers['user-agent'];
      // Only the first start can skip the lookup; its ack hands the token out.
      const isNewVisitor = data.isNewVisitor;
      data.isNewVisitor = false;
      const { session, messages } = await sessions.start(scope(), {
        ...payload,
        userAgent,
        isNewVisitor,
      });
      join(session.id);
      return { session, messages, visitor: { id: data.visitorId, token: data.visitorToken } };
    },
    'message:send': async ({ sessionId, clientId, content }) => {
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
    },
    'session:resume': async (payload) => {
      const messages = await sessions.resume(scope(), payload);
      join(payload.sessionId);
      return { messages };
    },
    typing: ({ sessionId, isTyping }) => {
      if (!data.sessionIds.has(sessionId))
        throw new AppError('NOT_FOUND', 'No such session', { field: 'sessionId' });
      parts.events.emit('typing', { sessionId, actor: 'visitor', isTyping });
      return Promise.resolve({});
    },
    'message:read': async (payload) => {
      await sessions.markRead(scope(), payload);
      return {};
    },
    'handoff:request': async ({ sessionId }) => ({
      session: await sessions.requestHandoff(scope(), sessionId),
    }),
    feedback: async (payload) => {
      await sessions.recordFeedback(scope(), payload);
      return {};
    },
    identify: async (payload) => {
      const widget = await parts.widgets.findActiveById(data.widgetId);
      const { visitor, ignored } = await parts.visitors.identify({
        widget,
        visitorId: data.visitorId,
        payload,
      });
      // For the site's developer: the ack says so too, but nothing shows it to the visitor. The
      // address itself is not logged (personal data, and text anyone can send).
      if (ignored)
        parts.logger.info(
          { widgetId: data.widgetId, visitorId: visitor.id, ignored },
          'identify: left out fields that are not valid',
        );
      if (visitor.id !== data.visitorId) {
        void socket.leave(visitorRoom(data.visitorId));
        void socket.join(visitorRoom(visitor.id));
      }
      data.visitorId = visitor.id;
      data.visitorToken = visitor.token;
      data.isNewVisitor = false;
      parts.events.emit('visitor:identified', { visitorId: visitor.id, widgetId: data.widgetId });
      return ignored ? { visitor, ignored } : { visitor };
    },
  };
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
