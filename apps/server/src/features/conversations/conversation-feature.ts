import type { IncomingMessage } from 'node:http';
import type { RequestHandler, Router } from 'express';
import type { Server } from 'socket.io';
import { watchModelChanges, type Database } from '@parley/db';
import type { InFlightWork } from '../../app/in-flight-work.ts';
import type { SecretCipher } from '../../app/secret-cipher.ts';
import type { ServerSecrets } from '../../app/secrets.ts';
import type { Config } from '../../config/config-schema.ts';
import type { Logger } from '../../logging/create-logger.ts';
import { createPreviewTickets, type PreviewTickets } from '../widgets/preview-ticket.ts';
import { createWidgetRoutes } from '../widgets/widget-routes.ts';
import { cacheWidgetsByKey, type CachedWidgetService } from '../widgets/cached-widgets.ts';
import { createWidgetService, type WidgetService } from '../widgets/widget-service.ts';
import { createBanCache } from './ban-cache.ts';
import type { DomainEvents } from '../../app/domain-events.ts';
import { registerWidgetGateway, type WidgetEventHandlers } from './conversation-handlers.ts';
import type { ConversationResponder } from './conversation-responder.ts';
import { createConversationRoutes } from './conversation-routes.ts';
import { createConversationService, type ConversationService } from './conversation-service.ts';
import { createRateLimits, type RateLimits } from './rate-limits.ts';
import { createVisitorService, type VisitorService } from './visitor-service.ts';
import { createVisitorTokens, type VisitorTokens } from './visitor-token.ts';
import { widgetNamespace } from './widget-relay.ts';

/** What other features (the `/admin` gateway, moderation, AI) use of conversations. */
export interface ConversationFeature {
  service: ConversationService;
  /** The server's one domain bus (the same instance every feature has). */
  events: DomainEvents;
  visitors: VisitorService;
  widgets: WidgetService;
  /** The same widgets from memory (by key), forgotten on every change: for hot paths. */
  cachedWidgets: CachedWidgetService;
  tokens: VisitorTokens;
  /** Tickets that admit the dashboard's sandboxed preview (issued by an admin route). */
  previewTickets: PreviewTickets;
  limits: RateLimits;
  /**
   * Bounds a public route per address (`RATE_LIMIT_REQUESTS_PER_IP`): anyone on the internet can
   * call it. Every public route shares the one budget.
   */
  limitPublic: RequestHandler;
  /** In-memory widgets and bans; scale-out calls these when another node changed one. */
  caches: { forgetWidgets(): void; forgetBans(): void };
  /** Public REST: widget config and a session's messages. Mount before the 404 handler. */
  routes: Router[];
  /** Attaches the `/widget` namespace to Socket.IO. */
  attach(io: Server): void;
  /** Binds another feature's `/widget` events (e.g. `message:report`) on every socket. */
  addWidgetHandlers(handlers: WidgetEventHandlers): void;
  /**
   * Stops the answers under way (shutdown): those of connected visitors silently, as when a
   * visitor leaves (no failure logged, no "assistant unavailable" notice: the widget reconnects
   * to the restarted or another node), the rest aborted. Called again after in-flight handlers
   * drained, for the answers their messages started. Resolves when the stopped answers have
   * written what they keep.
   */
  stopAnswers(): Promise<void>;
  /** Stops running responders and detaches listeners (shutdown). */
  close(): void;
}

export interface ConversationFeatureParts {
  config: Config;
  db: Database;
  logger: Logger;
  /** The server's one domain bus. */
  events: DomainEvents;
  inFlight: InFlightWork;
  secrets: ServerSecrets;
  /** Opens secrets stored encrypted (identity secrets). */
  cipher: SecretCipher;
  responder: ConversationResponder | undefined;
  limits?: RateLimits;
  /** The client's address as Express resolves `req.ip`, for socket handshakes. */
  clientAddress: (request: IncomingMessage) => string;
}

/** Builds the conversations feature from its parts; `createServer` mounts it. */
export function createConversationFeature(parts: ConversationFeatureParts): ConversationFeature {
  const { config, db, logger, inFlight, events } = parts;
  const tokens = createVisitorTokens(parts.secrets.visitorTokenSecret);
  const previewTickets = createPreviewTickets(parts.secrets.previewTicketSecret);
  const widgets = createWidgetService(db, previewTickets);
  // Every socket handshake looks its widget up by key, every visitor message by id: from memory, forgotten on every change made
  // here (`widget:updated`) or on another node (`caches`, called by scale-out).
  const handshakeWidgets = cacheWidgetsByKey(widgets);
  // Every message, answer and connection asks whether its sender is banned: from memory,
  // dropped on every write to `user_bans` here, and on other nodes through `bans:changed`.
  const bans = createBanCache(db, { timeoutMs: config.DB_WRITE_TIMEOUT_MS });
  const caches = {
    forgetWidgets: () => handshakeWidgets.forget(),
    forgetBans: () => bans.forget(),
  };
  const stopForgetting = [
    events.on('widget:updated', caches.forgetWidgets),
    // Any other writer too (a seed, the demo, a script): a stale identity secret or origin
    // list must not outlive the row.
    watchModelChanges(db.models.WidgetConfig, caches.forgetWidgets),
    watchModelChanges(db.models.UserBan, () => {
      bans.forget();
      events.emit('bans:changed', {});
    }),
  ];
  const visitors = createVisitorService(db, { tokens, cipher: parts.cipher, bans });
  const limits = parts.limits ?? createRateLimits(config);
  const service = createConversationService({
    db,
    events,
    visitors,
    widgets: handshakeWidgets,
    bans,
    inFlight,
    logger,
    responder: parts.responder,
    maxMessageLength: config.MAX_MESSAGE_LENGTH,
    responderTimeoutMs: config.RESPONDER_TIMEOUT_MS,
    batching: {
      maxBatchSize: config.MESSAGE_BATCH_MAX_SIZE,
      maxWaitMs: config.MESSAGE_BATCH_MAX_WAIT_MS,
    },
  });
  const detach: Array<() => void> = [];
  let attachedTo: Server | undefined;
  const widgetHandlers: WidgetEventHandlers[] = [];
  // Public REST answers anyone on the internet: bounded per address like socket connections.
  const limitPublic: RequestHandler = (req, _res, next) => {
    limits.consume('requestsPerIp', req.ip ?? 'unknown').then(() => next(), next);
  };
  const stopAnswers = () => {
    if (attachedTo)
      for (const socket of widgetNamespace(attachedTo).sockets.values())
        for (const sessionId of socket.data.sessionIds)
          service.dispatcher.stopSession(sessionId, 'server shutting down');
    return service.dispatcher.abortAll();
  };
  return {
    service,
    caches,
    events,
    visitors,
    widgets,
    cachedWidgets: handshakeWidgets,
    tokens,
    previewTickets,
    limits,
    limitPublic,
    routes: [
      createWidgetRoutes(widgets, limitPublic),
      createConversationRoutes({ sessions: service.sessions, widgets, tokens, limitPublic }),
    ],
    addWidgetHandlers: (handlers) => widgetHandlers.push(handlers),
    attach(io) {
      attachedTo = io;
      detach.push(
        registerWidgetGateway({
          io,
          conversations: service,
          visitors,
          widgets: handshakeWidgets,
          events,
          limits,
          bans,
          logger,
          clientAddress: parts.clientAddress,
          inFlight,
          abandonAfterMs: config.RESPONDER_ABANDON_AFTER_MS,
          extraHandlers: widgetHandlers,
        }),
      );
    },
    stopAnswers,
    close() {
      void stopAnswers();
      for (const off of [...detach.splice(0), ...stopForgetting.splice(0)]) off();
    },
  };
}
