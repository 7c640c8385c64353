import { randomBytes } from 'node:crypto';
import type { NetworkPolicy } from '@parley/ai';
import type { Database, Webhook, WebhookDelivery } from '@parley/db';
import {
  AppError,
  ZWebhookEventSchema,
  type TWebhook,
  type TWebhookCreate,
  type TWebhookCreated,
  type TWebhookDelivery,
  type TWebhookUpdate,
} from '@parley/protocol';
import type { WebhookOutbox } from './webhook-outbox.ts';
import { assertPublicTarget } from '../../app/outbound-target.ts';

/** Where a webhook URL is refused, and the setting that would allow a private one. */
const WEBHOOK_TARGET = {
  field: 'url',
  setting: 'WEBHOOK_ALLOW_PRIVATE_NETWORKS',
  isUnresolvableRefused: true,
};

export interface WebhookService {
  /** Stores a subscription with a fresh signing secret, returned this once. */
  create(input: TWebhookCreate, createdBy: string): Promise<TWebhookCreated>;
  list(): Promise<TWebhook[]>;
  get(id: string): Promise<TWebhook>;
  /** `isActive: true` also resets the failure count and makes waiting deliveries due now. */
  update(id: string, input: TWebhookUpdate): Promise<TWebhook>;
  remove(id: string): Promise<void>;
  /** The delivery log, newest first. */
  deliveries(id: string, limit: number): Promise<TWebhookDelivery[]>;
  /** Queues a `webhook.test` delivery; `CONFLICT` while the webhook is switched off. */
  sendTest(id: string): Promise<TWebhookDelivery>;
}

export function createWebhookService(parts: {
  db: Database;
  outbox: WebhookOutbox;
  policy: NetworkPolicy;
  /** Wakes the sender (a webhook was re-enabled). */
  onEnabled: () => void;
}): WebhookService {
  const { db, outbox, policy } = parts;
  const { Webhook: Webhooks, WebhookDelivery: Deliveries } = db.models;

  const find = async (id: string): Promise<Webhook> => {
    const row = await Webhooks.findByPk(id);
    if (!row) throw new AppError('NOT_FOUND', 'No such webhook');
    return row;
  };

  return {
    async create(input, createdBy) {
      await assertPublicTarget(input.url, policy, WEBHOOK_TARGET);
      const secret = `whsec_${randomBytes(32).toString('hex')}`;
      const row = await Webhooks.create({
        url: input.url,
        events: input.events,
        description: input.description ?? null,
        secret,
        createdBy,
      });
      outbox.invalidate();
      return { ...toWebhook(row), secret };
    },
    async list() {
      const rows = await Webhooks.findAll({ order: [['createdAt', 'ASC']] });
      return rows.map(toWebhook);
    },
    get: async (id) => toWebhook(await find(id)),
    async update(id, input) {
      const row = await find(id);
      if (input.url !== undefined) await assertPublicTarget(input.url, policy, WEBHOOK_TARGET);
      const isEnabling = input.isActive === true && !row.isActive;
      await row.update({
        ...input,
        ...(isEnabling ? { consecutiveFailures: 0, disabledReason: null } : {}),
        ...(input.isActive === false ? { disabledReason: 'Switched off by an admin' } : {}),
      });
      if (isEnabling) {
        await Deliveries.update(
          { nextAttemptAt: new Date() },
          { where: { webhookId: row.id, status: 'pending' } },
        );
        parts.onEnabled();
      }
      outbox.invalidate();
      return toWebhook(row);
    },
    async remove(id) {
      await (await find(id)).destroy();
      outbox.invalidate();
    },
    async deliveries(id, limit) {
      await find(id);
      const rows = await Deliveries.findAll({
        where: { webhookId: id },
        order: [
          ['createdAt', 'DESC'],
          ['position', 'DESC'],
        ],
        limit,
      });
      return rows.map(toDelivery);
    },
    async sendTest(id) {
      const row = await find(id);
      if (!row.isActive)
        throw new AppError('CONFLICT', 'The webhook is switched off; enable it first', {
          field: 'isActive',
        });
      return toDelivery(await outbox.enqueueTest(row));
    },
  };
}

function toWebhook(row: Webhook): TWebhook {
  return {
    id: row.id,
    url: row.url,
    // Stored by this service from the same enum; parsing drops anything an old version wrote.
    events: row.events.flatMap((event) => {
      const parsed = ZWebhookEventSchema.safeParse(event);
      return parsed.success ? [parsed.data] : [];
    }),
    description: row.description,
    isActive: row.isActive,
    consecutiveFailures: row.consecutiveFailures,
    disabledReason: row.disabledReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toDelivery(row: WebhookDelivery): TWebhookDelivery {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    id: row.id,
    webhookId: row.webhookId,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    responseStatus: row.responseStatus,
    responseBody: row.responseBody,
    error: row.error,
    nextAttemptAt: iso(row.nextAttemptAt),
    lastAttemptAt: iso(row.lastAttemptAt),
    deliveredAt: iso(row.deliveredAt),
    createdAt: row.createdAt.toISOString(),
  };
}
