import type { Router } from 'express';
import type { Server } from 'socket.io';
import type { Database } from '@parley/db';
import type { InFlightWork } from '../../app/in-flight-work.ts';
import type { SecretCipher } from '../../app/secret-cipher.ts';
import type { ServerSecrets } from '../../app/secrets.ts';
import type { Config } from '../../config/config-schema.ts';
import type { Logger } from '../../logging/create-logger.ts';
import { createAuthFeature, type AuthFeature } from '../auth/auth-feature.ts';
import type { ConversationFeature } from '../conversations/conversation-feature.ts';
import type { RateLimiterFactory } from '../conversations/rate-limits.ts';
import {
  registerAdminGateway,
  type AdminGateway,
  type StaffHandlersFactory,
} from './admin-gateway.ts';
import { createAgentSessionService } from './agent-session-service.ts';
import { createAnalyticsRoutes } from './analytics-routes.ts';
import { createAttentionRoutes } from './attention-routes.ts';
import { createAnalyticsService } from './analytics-service.ts';
import { bansResource } from './bans-resource.ts';
import { cannedRepliesResource } from './canned-replies-resource.ts';
import { contextRulesResource } from './context-rules-resource.ts';
import { createCrudRoutes } from './crud-routes.ts';
import { createDashboardRoutes } from './dashboard-assets.ts';
import { knowledgeBasesResource, type KnowledgeIndexer } from './knowledge-bases-resource.ts';
import { createKnowledgeUploadRoutes } from './knowledge-upload-routes.ts';
import { createKnowledgeBaseFiles } from './knowledge-base-files.ts';
import { createStaffAccounts } from './staff-accounts.ts';
import { moderationRulesResource } from './moderation-rules-resource.ts';
import type { ModerationFeature } from '../moderation/moderation-feature.ts';
import { createFlaggedContentRoutes } from './flagged-content-routes.ts';
import { promptTemplatesResource } from './prompt-templates-resource.ts';
import { providerKeysResource } from './provider-keys-resource.ts';
import { createSessionAdminRoutes } from './session-admin-routes.ts';
import { createSessionAdminService } from './session-admin-service.ts';
import { createSessionReplyRoutes } from './session-reply-routes.ts';
import { createNotificationRoutes, createStaffNotifications } from './staff-notifications.ts';
import { createNoteService } from './note-service.ts';
import { createUnreadService } from './unread-service.ts';
import { usersResource } from './users-resource.ts';
import { createVisitorPanelService } from './visitor-panel-service.ts';
import { createWorkspaceRoutes } from './workspace-routes.ts';
import { createWidgetPreviewRoutes } from './widget-preview-routes.ts';
import { widgetsResource } from './widgets-resource.ts';

export interface AdminFeature {
  auth: AuthFeature;
  cipher: SecretCipher;
  /** `/api/v1/auth/*` and every admin route. Mount before the 404 handler. */
  routes: Router[];
  /** Attaches the `/admin` namespace. */
  attach(io: Server): void;
  /**
   * Adds `/admin` event handlers owned by another feature (before `attach`); they are bound with
   * the gateway's own through `bindEvents`: rate limit, validation, ack and draining alike.
   */
  addStaffHandlers(handlers: StaffHandlersFactory): void;
  /** Pushes a moderation flag to the inbox (after `attach`). */
  notifyFlag: AdminGateway['notifyFlag'];
  close(): void;
}

export interface AdminFeatureParts {
  config: Config;
  db: Database;
  logger: Logger;
  secrets: ServerSecrets;
  /** Encrypts provider keys and identity secrets at rest. */
  cipher: SecretCipher;
  conversations: ConversationFeature;
  /** Socket events in progress; shutdown drains them. */
  inFlight: InFlightWork;
  /** The AI package's knowledge indexing; without it bases stay `pending`. */
  knowledgeIndexer?: KnowledgeIndexer;
  /** The built dashboard (default apps/dashboard/dist). */
  dashboardDist?: string;
  /** Rules, bans and the flagged-content queue: the admin routes adapt its services. */
  moderation: ModerationFeature;
  /** Shared (Redis) rate-limit counters on several nodes; in memory without. */
  rateLimiter?: RateLimiterFactory;
  /** Several nodes share rooms through Redis. */
  isClustered?: boolean;
}

/** Accounts, the admin REST API and the `/admin` gateway, wired from their parts. */
export function createAdminFeature(parts: AdminFeatureParts): AdminFeature {
  const { config, db, logger, conversations } = parts;
  const auth = createAuthFeature({
    config,
    db,
    secrets: parts.secrets,
    limits: conversations.limits,
    rateLimiter: parts.rateLimiter,
  });
  const { cipher } = parts;
  const crud = { auth: auth.service, audit: auth.audit };
  const sessions = createSessionAdminService(db);
  const notifications = createStaffNotifications(db);
  const notes = createNoteService(db);
  const indexing = { indexer: parts.knowledgeIndexer, logger };
  const agents = createAgentSessionService({
    db,
    conversations: conversations.service,
    transition: conversations.service.transition,
  });
  let gateway: AdminGateway | undefined;
  const staffHandlers: StaffHandlersFactory[] = [];
  return {
    auth,
    cipher,
    routes: [
      auth.routes,
      createKnowledgeUploadRoutes({ ...crud, bases: createKnowledgeBaseFiles(db), ...indexing }),
      createCrudRoutes(
        usersResource(db, auth.hasher, (userId) => gateway?.disconnectUser(userId)),
        crud,
      ),
      createCrudRoutes(widgetsResource(db, { events: conversations.events, cipher }), crud),
      createWidgetPreviewRoutes({
        auth: auth.service,
        tickets: conversations.previewTickets,
        widgetKeyOf: async (id) => (await db.models.WidgetConfig.findByPk(id))?.widgetKey ?? null,
      }),
      createCrudRoutes(contextRulesResource(db), crud),
      createCrudRoutes(promptTemplatesResource(db), crud),
      createCrudRoutes(cannedRepliesResource(db), crud),
      createCrudRoutes(knowledgeBasesResource(db, indexing), crud),
      createCrudRoutes(moderationRulesResource(db, parts.moderation.rules), crud),
      createFlaggedContentRoutes({ ...crud, db, flags: parts.moderation.flags }),
      createCrudRoutes(bansResource(db, parts.moderation.bans), crud),
      createCrudRoutes(
        providerKeysResource(db, {
          cipher,
          network: { allowPrivateNetworks: config.AI_ALLOW_PRIVATE_NETWORKS },
        }),
        crud,
      ),
      createSessionAdminRoutes({ ...crud, sessions }),
      createSessionReplyRoutes({ auth: auth.service, agents }),
      createAnalyticsRoutes(auth.service, createAnalyticsService(db)),
      createNotificationRoutes(auth.service, db),
      createAttentionRoutes(auth.service, createUnreadService(db), notes),
      createWorkspaceRoutes({
        auth: auth.service,
        accounts: createStaffAccounts(db),
        visitors: createVisitorPanelService(db),
      }),
      createDashboardRoutes(parts.dashboardDist),
    ],
    attach(io) {
      gateway = registerAdminGateway({
        io,
        limits: conversations.limits,
        inFlight: parts.inFlight,
        auth: auth.service,
        accessTokens: auth.accessTokens,
        events: conversations.events,
        agents,
        sessions,
        notifications,
        notes,
        logger,
        recheckMs: config.STAFF_SOCKET_RECHECK_MS,
        extraHandlers: staffHandlers,
        isClustered: parts.isClustered ?? false,
      });
    },
    addStaffHandlers: (handlers) => staffHandlers.push(handlers),
    notifyFlag: (flag) => gateway?.notifyFlag(flag),
    close: () => gateway?.close(),
  };
}
