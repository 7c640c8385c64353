import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import proxyAddr from 'proxy-addr';
import { Server as SocketServer } from 'socket.io';
import { coalesceWrites } from './coalesce-writes.ts';
import type { Database } from '@parley/db';
import type { Config } from '../config/config-schema.ts';
import { createAdminFeature, type AdminFeature } from '../features/admin/admin-feature.ts';
import type { AiFeature } from '../features/ai/ai-feature.ts';
import {
  createConversationFeature,
  type ConversationFeature,
} from '../features/conversations/conversation-feature.ts';
import type { ConversationResponder } from '../features/conversations/conversation-responder.ts';
import { createHealthRoutes } from '../features/health/health-routes.ts';
import { createMetricsListener } from '../features/metrics/metrics-listener.ts';
import { createMetricsRoutes } from '../features/metrics/metrics-routes.ts';
import { createServerMetrics, type ServerMetrics } from '../features/metrics/server-metrics.ts';
import { timeAcks } from '../features/metrics/socket-metrics.ts';
import {
  createModerationFeature,
  type ModerationFeature,
} from '../features/moderation/moderation-feature.ts';
import type { ScaleOut } from '../features/scale-out/scale-out-feature.ts';
import { createApiKeyFeature, type ApiKeyFeature } from '../features/api-keys/api-key-feature.ts';
import { createEmailFeature, type EmailFeature } from '../features/email/email-feature.ts';
import { createWebhookFeature, type WebhookFeature } from '../features/webhooks/webhook-feature.ts';
import {
  createPresenceFeature,
  type PresenceFeature,
} from '../features/presence/presence-feature.ts';
import {
  createOfflineFeature,
  INBOUND_MAIL_PATH,
  type OfflineFeature,
  type RawBodyRequest,
} from '../features/offline/offline-feature.ts';
import { createWidgetAssetRoutes } from '../features/widget-assets/widget-asset-routes.ts';
import { createErrorHandler, notFoundHandler } from '../http/error-handler.ts';
import type { Logger } from '../logging/create-logger.ts';
import { resolveDataDir } from './data-dir.ts';
import { createDomainEvents, type DomainEvents } from './domain-events.ts';
import { flushSockets } from './flush-sockets.ts';
import { waitAtMost } from './wait-at-most.ts';
import { createInFlightWork, type InFlightWork } from './in-flight-work.ts';
import { createSecretCipher } from './secret-cipher.ts';
import { loadSecrets, type ServerSecrets } from './secrets.ts';

export interface ServerComponents {
  config: Config;
  db: Database;
  logger: Logger;
  /** Who answers visitors (the AI pipeline); without one, only agents answer. */
  responder?: ConversationResponder;
  /** The AI pipeline: default responder, knowledge indexing, admin AI routes. */
  ai?: AiFeature;
  /** Signing secrets; loaded from JWT_SECRET or `<DATA_DIR>/secrets.json` when omitted. */
  secrets?: ServerSecrets;
  /** Several nodes on Redis (shared rooms, rate limits, rule changes); see `createScaleOut`. */
  scaleOut?: ScaleOut;
}

export interface ParleyServer {
  app: Express;
  httpServer: HttpServer;
  io: SocketServer;
  inFlight: InFlightWork;
  /** The one domain bus every feature publishes on and listens to. */
  events: DomainEvents;
  /** Visitors, sessions and messages: services, events, the `/widget` gateway. */
  conversations: ConversationFeature;
  /** Rules, screening of every message and answer, the flagged-content queue, bans on review. */
  moderation: ModerationFeature;
  /** Staff accounts, the admin REST API and the `/admin` gateway. */
  admin: AdminFeature;
  /** Scoped keys for other systems (`/api/v1/api-keys`), accepted beside staff tokens. */
  apiKeys: ApiKeyFeature;
  /** Mail (transcripts) from a database outbox through `SMTP_URL`. */
  email: EmailFeature;
  /** Signed webhooks from the outbox (`/api/v1/webhooks`); sending starts on `listen`. */
  webhooks: WebhookFeature;
  /** Offline visitors: their contact email, replies by mail both ways, transcripts. */
  offline: OfflineFeature;
  /** Agent presence and office hours: who can answer visitors now. */
  presence: PresenceFeature;
  /** This server's Prometheus registry and recorders (`GET /metrics`). */
  metrics: ServerMetrics;
  /**
   * Listens on `config.HOST:config.PORT` (port 0 picks a free one) and resolves with the URL;
   * with `METRICS_PORT`, also starts the metrics listener (see `metricsUrl`).
   */
  listen(): Promise<string>;
  /** `http://METRICS_HOST:port` of the metrics listener once listening; undefined without one. */
  metricsUrl(): string | undefined;
  /** Stops accepting, waits for in-flight writes, tells sockets to reconnect, closes. */
  close(): Promise<void>;
}

/** Socket.IO limits from SPEC §7: small frames, no per-message compression. */
const SOCKET_MAX_BUFFER_BYTES = 64 * 1024;
/** On shutdown, how long the acks already emitted get to reach the network. */
const FLUSH_TIMEOUT_MS = 2_000;

/**
 * Builds the whole server from its parts, without listening. Tests build the real thing with
 * their own database and port 0.
 */
export function createServer(components: ServerComponents): ParleyServer {
  const { config, db, logger } = components;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  // Socket.IO handshakes resolve the client exactly as Express's `req.ip` does, so per-address
  // limits and bans see the same address on both.
  const trustProxy = app.get('trust proxy fn') as Parameters<typeof proxyAddr>[1];
  const clientAddress = (request: IncomingMessage) => proxyAddr(request, trustProxy);
  app.use(helmet());
  app.use(
    pinoHttp({
      logger,
      autoLogging: {
        ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics',
      },
      // Method, path and status are enough to follow a request; headers may carry tokens.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(
    express.json({
      limit: '256kb',
      // Signed posts are checked against the bytes that were signed, not a re-serialisation.
      verify: (req: RawBodyRequest, _res, body) => {
        if (req.url?.startsWith(INBOUND_MAIL_PATH)) req.rawBody = body;
      },
    }),
  );

  const inFlight = createInFlightWork();
  const events = createDomainEvents(logger);
  const secrets =
    components.secrets ??
    loadSecrets({
      jwtSecret: config.JWT_SECRET,
      dataDir: resolveDataDir(config.DATA_DIR),
      encryptionKey: config.ENCRYPTION_KEY,
      isEmbedded: db.target.dialect === 'sqlite',
    });
  const cipher = createSecretCipher(secrets.encryptionKey ?? config.ENCRYPTION_KEY);
  const conversations = createConversationFeature({
    config,
    db,
    logger,
    events,
    inFlight,
    secrets,
    cipher,
    responder: components.responder ?? components.ai?.responder,
    limits: components.scaleOut?.limits,
    clientAddress,
  });
  const moderation = createModerationFeature({ db, logger, events, conversations });
  const admin = createAdminFeature({
    config,
    db,
    logger,
    secrets,
    cipher,
    conversations,
    inFlight,
    moderation,
    knowledgeIndexer: components.ai?.knowledge,
    rateLimiter: components.scaleOut?.rateLimiter,
    isClustered: components.scaleOut !== undefined,
  });
  const webhooks = createWebhookFeature({
    config,
    db,
    logger,
    auth: admin.auth,
    events,
  });
  const apiKeys = createApiKeyFeature({ config, db, auth: admin.auth });
  const email = createEmailFeature({ config, db, logger, auth: admin.auth });
  const presence = createPresenceFeature({
    conversations,
    admin,
    logger,
    isClustered: components.scaleOut !== undefined,
  });
  let listeningUrl = `http://${config.HOST}:${config.PORT}`;
  const offline = createOfflineFeature({
    config,
    db,
    logger,
    conversations,
    linkSecret: secrets.visitorTokenSecret,
    publicUrl: () => config.PUBLIC_URL?.replace(/\/+$/, '') ?? listeningUrl,
    kickMail: () => email.kick(),
    rateLimiter: components.scaleOut?.rateLimiter,
  });

  const metrics = createServerMetrics(db);
  events.on('message:committed', ({ message }) => metrics.messagePersisted(message.senderType));
  conversations.service.store.observeBatches((size) => metrics.messageBatchWritten(size));
  const stopObservingAi = components.ai?.observe({
    answered: (result) => metrics.aiAnswered(result),
    failed: () => metrics.aiFailed(),
  });

  const { scaleOut } = components;
  app.use(createHealthRoutes(db, scaleOut ? () => scaleOut.isRedisReachable() : undefined));
  app.use(createMetricsRoutes(metrics.registry, { token: config.METRICS_TOKEN, isPublic: true }));
  const metricsListener =
    config.METRICS_PORT === undefined
      ? undefined
      : createMetricsListener({ registry: metrics.registry, token: config.METRICS_TOKEN, logger });
  let metricsUrl: string | undefined;
  app.use(apiKeys.authenticate);
  // Admin first: staff tokens on GET /sessions/:id/messages are served here, others fall through.
  if (components.ai) app.use(components.ai.routes(admin.auth.service));
  app.use(...admin.routes);
  app.use(webhooks.routes);
  app.use(apiKeys.routes);
  app.use(email.routes);
  app.use(offline.routes);
  app.use(...conversations.routes);
  app.use(
    createWidgetAssetRoutes({
      widgets: conversations.widgets,
      previewTickets: conversations.previewTickets,
      limitPublic: conversations.limitPublic,
    }),
  );
  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));

  const httpServer = createHttpServer(app);
  const io = new SocketServer(httpServer, {
    maxHttpBufferSize: SOCKET_MAX_BUFFER_BYTES,
    perMessageDeflate: false,
    httpCompression: false,
    serveClient: false,
  });
  coalesceWrites(io);
  metrics.watch(io);
  timeAcks(io.of('/widget'), metrics);
  timeAcks(io.of('/admin'), metrics);
  components.scaleOut?.attach({ io, moderation, conversations });
  conversations.attach(io);
  moderation.attach();
  admin.attach(io);
  presence.attach(io);
  offline.attach(io);
  events.on('flag:created', ({ flag }) => admin.notifyFlag(flag));

  return {
    app,
    httpServer,
    io,
    inFlight,
    events,
    conversations,
    moderation,
    admin,
    webhooks,
    apiKeys,
    email,
    presence,
    offline,
    metrics,
    listen: async () => {
      const url = await new Promise<string>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.PORT, config.HOST, () => {
          const { port } = httpServer.address() as AddressInfo;
          webhooks.start();
          email.start();
          listeningUrl = `http://${config.HOST}:${port}`;
          resolve(listeningUrl);
        });
      });
      if (metricsListener && config.METRICS_PORT !== undefined)
        metricsUrl = await metricsListener.listen(config.METRICS_PORT, config.METRICS_HOST);
      return url;
    },
    metricsUrl: () => metricsUrl,
    close: async () => {
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      inFlight.stopAccepting();
      conversations.close();
      stopObservingAi?.();
      admin.close();
      presence.close();
      offline.close();
      moderation.close();
      await inFlight.drain(config.SHUTDOWN_TIMEOUT_MS);
      // Messages committed while draining started answers of their own: stopped as well, and
      // awaited (bounded), so what they streamed is kept (marked incomplete) before the
      // database closes.
      await waitAtMost(conversations.stopAnswers(), config.SHUTDOWN_TIMEOUT_MS);
      await inFlight.drain(config.SHUTDOWN_TIMEOUT_MS);
      await flushSockets(io, FLUSH_TIMEOUT_MS);
      await webhooks.close();
      await email.close();
      // Closing the transports (not the sockets) makes clients see a dropped connection and
      // reconnect on their own, to this node once restarted or to another one.
      io.engine.close();
      httpServer.closeAllConnections();
      await closed;
      await metricsListener?.close();
      await components.scaleOut?.close();
      // The assistant's queued log rows and hit counts, last before the database closes: an
      // answer stopped while the sockets closed still logs one.
      await components.ai?.flush();
      await db.close();
    },
  };
}
