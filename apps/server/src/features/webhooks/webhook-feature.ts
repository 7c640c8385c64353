import type { Router } from 'express';
import type { Database } from '@parley/db';
import type { Config } from '../../config/config-schema.ts';
import type { Logger } from '../../logging/create-logger.ts';
import { createStaffNotifications } from '../admin/staff-notifications.ts';
import type { AuthFeature } from '../auth/auth-feature.ts';
import type { DomainEvents } from '../../app/domain-events.ts';
import { forwardDomainEvents } from './webhook-event-source.ts';
import { createWebhookOutbox, type WebhookOutbox } from './webhook-outbox.ts';
import { createWebhookRoutes } from './webhook-routes.ts';
import { createWebhookSender } from './webhook-sender.ts';
import { createWebhookService, type WebhookService } from './webhook-service.ts';

export interface WebhookFeature {
  service: WebhookService;
  outbox: WebhookOutbox;
  /** The admin API; mount before the 404 handler. */
  routes: Router;
  /** Starts sending (after the server listens). */
  start(): void;
  /** Stores what was queued, then stops sending; pending deliveries wait for the next start. */
  close(): Promise<void>;
}

/** Signed webhooks from a persistent outbox, fed by the conversation events. */
export function createWebhookFeature(parts: {
  config: Config;
  db: Database;
  logger: Logger;
  auth: AuthFeature;
  events: DomainEvents;
}): WebhookFeature {
  const { config, db, logger } = parts;
  const policy = { allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS };
  const sender = createWebhookSender({
    db,
    logger,
    notifications: createStaffNotifications(db),
    options: {
      policy,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: config.WEBHOOK_RETRY_BASE_MS,
      disableAfterFailures: config.WEBHOOK_DISABLE_AFTER_FAILURES,
    },
  });
  const outbox = createWebhookOutbox({ db, logger, onStored: () => sender.kick() });
  const service = createWebhookService({ db, outbox, policy, onEnabled: () => sender.kick() });
  const stopForwarding = forwardDomainEvents({ db, events: parts.events, outbox });
  return {
    service,
    outbox,
    routes: createWebhookRoutes({
      auth: parts.auth.service,
      audit: parts.auth.audit,
      webhooks: service,
    }),
    start: () => sender.start(),
    async close() {
      stopForwarding();
      await outbox.flush();
      await sender.close();
    },
  };
}
