import { randomUUID } from 'node:crypto';
import type { Database, Webhook, WebhookDelivery } from '@parley/db';
import { WEBHOOK_TEST_EVENT, type TWebhookEvent, type TWebhookEventData } from '@parley/protocol';
import type { Logger } from '../../logging/create-logger.ts';

/** One event to queue; `data` is built inside the queue, so lookups keep the emission order. */
export interface OutboxEvent<E extends TWebhookEvent = TWebhookEvent> {
  event: E;
  /** A conversation id: that conversation's deliveries go out one at a time, in order. */
  orderingKey: string | null;
  data: () => Promise<TWebhookEventData[E]> | TWebhookEventData[E];
}

export interface WebhookOutbox {
  /** Queues an event for every active webhook subscribed to it (stored in order, in the background). */
  enqueue<E extends TWebhookEvent>(event: OutboxEvent<E>): void;
  /** Queues a `webhook.test` delivery for one webhook. */
  enqueueTest(webhook: Webhook): Promise<WebhookDelivery>;
  /** Forget the cached subscriptions (a webhook was written on this node). */
  invalidate(): void;
  /** Resolves once everything queued so far is stored. */
  flush(): Promise<void>;
}

/** Other nodes' subscription changes show after at most this long. */
const SUBSCRIPTIONS_TTL_MS = 5_000;

/**
 * The write side of the webhook outbox: one `webhook_deliveries` row per subscribed webhook and
 * event, holding the exact JSON body. Inserts run one after another in emission order, so a
 * sender never sees a later event of a conversation before an earlier one.
 */
export function createWebhookOutbox(parts: {
  db: Database;
  logger: Logger;
  /** Called after rows are stored, to wake the sender. */
  onStored: () => void;
}): WebhookOutbox {
  const { db, logger } = parts;
  const nextPosition = createPositionClock();
  let queue: Promise<void> = Promise.resolve();
  let cached: { at: number; webhooks: Webhook[] } | undefined;

  const subscriptions = async (): Promise<Webhook[]> => {
    if (cached && Date.now() - cached.at < SUBSCRIPTIONS_TTL_MS) return cached.webhooks;
    const webhooks = await db.models.Webhook.findAll({ where: { isActive: true } });
    cached = { at: Date.now(), webhooks };
    return webhooks;
  };

  const store = async (
    webhooks: Webhook[],
    input: { event: string; orderingKey: string | null; position: number; createdAt: Date },
    data: unknown,
  ): Promise<WebhookDelivery[]> => {
    const rows = webhooks.map((webhook) => {
      const id = randomUUID();
      const body = { id, event: input.event, createdAt: input.createdAt.toISOString(), data };
      return {
        id,
        webhookId: webhook.id,
        event: input.event,
        orderingKey: input.orderingKey,
        position: input.position,
        payload: JSON.stringify(body),
        nextAttemptAt: input.createdAt,
        createdAt: input.createdAt,
      };
    });
    if (rows.length === 0) return [];
    const stored = await db.models.WebhookDelivery.bulkCreate(rows);
    parts.onStored();
    return stored;
  };

  return {
    enqueue({ event, orderingKey, data }) {
      const position = nextPosition();
      const createdAt = new Date();
      queue = queue
        .then(async () => {
          const webhooks = (await subscriptions()).filter((w) => w.events.includes(event));
          if (webhooks.length === 0) return;
          await store(webhooks, { event, orderingKey, position, createdAt }, await data());
        })
        .catch((error: unknown) => logger.error({ err: error, event }, 'webhook event not queued'));
    },
    async enqueueTest(webhook) {
      const createdAt = new Date();
      const [delivery] = await store(
        [webhook],
        { event: WEBHOOK_TEST_EVENT, orderingKey: null, position: nextPosition(), createdAt },
        { webhookId: webhook.id, message: 'A test event from Parley' },
      );
      return delivery!;
    },
    invalidate() {
      cached = undefined;
    },
    flush: () => queue,
  };
}

/**
 * Microseconds since the epoch, strictly increasing within the process: two events in the same
 * millisecond keep their order. (Below 2^53, so exact in a DOUBLE column.)
 */
function createPositionClock(): () => number {
  let last = 0;
  return () => {
    last = Math.max(Date.now() * 1000, last + 1);
    return last;
  };
}
