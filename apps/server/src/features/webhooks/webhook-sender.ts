import { Op, Transaction, literal } from 'sequelize';
import { BodyTooLargeError, guardedRequest, readBody, type NetworkPolicy } from '@parley/ai';
import type { Database, WebhookDelivery } from '@parley/db';
import { retryDelay } from '../../app/retry-delay.ts';
import type { Logger } from '../../logging/create-logger.ts';
import type { StaffNotifications } from '../admin/staff-notifications.ts';
import { signWebhookBody } from './webhook-signature.ts';
import { webhookHost } from './webhook-target.ts';

export interface WebhookSenderOptions {
  policy: NetworkPolicy;
  timeoutMs: number;
  retryBaseMs: number;
  disableAfterFailures: number;
}

export interface WebhookSender {
  /** Looks for due deliveries now (new rows were stored, or a webhook was re-enabled). */
  kick(): void;
  start(): void;
  /** Stops polling; an attempt in flight is abandoned and stays pending for the next start. */
  close(): Promise<void>;
}

/** Rows looked at per round; a round repeats while it finds work. */
const BATCH = 20;
/** Rows stored by other nodes, and retries scheduled before a restart, are found this often. */
const IDLE_POLL_MS = 5_000;
const RESPONSE_KEPT_CHARS = 1_000;
const RESPONSE_READ_BYTES = 64 * 1024;

type Outcome =
  | { ok: true; status: number; body: string | null }
  | { ok: false; status: number | null; body: string | null; error: string };

/**
 * The read side of the outbox: POSTs due deliveries with their signature, retries failures with
 * exponential backoff, and switches a webhook off after too many failures in a row. A delivery
 * waits while an earlier one of the same conversation is pending, so each receiver sees a
 * conversation's events in order. A lease (`locked_until`) keeps two nodes off the same row;
 * one that crashed mid-attempt is retried once its lease runs out.
 */
export function createWebhookSender(parts: {
  db: Database;
  logger: Logger;
  notifications: StaffNotifications;
  options: WebhookSenderOptions;
}): WebhookSender {
  const { db, logger, options } = parts;
  const { Webhook, WebhookDelivery: Deliveries } = db.models;
  const leaseMs = options.timeoutMs * 2 + 5_000;
  const aborts = new Set<AbortController>();
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  let wakeTimes: number[] = [];
  let running: Promise<void> | undefined;
  let again = false;
  let closed = true;

  const schedule = (at: number) => {
    if (closed || at >= timerAt) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(
      () => {
        timerAt = Infinity;
        kick();
      },
      Math.max(0, at - Date.now()),
    );
    timer.unref();
  };

  const kick = () => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((error: unknown) => logger.error({ err: error }, 'webhook sender round failed'))
      .finally(() => {
        running = undefined;
        const now = Date.now();
        wakeTimes = wakeTimes.filter((at) => at > now);
        schedule(Math.min(now + IDLE_POLL_MS, ...wakeTimes));
      });
  };

  const drain = async () => {
    do {
      again = false;
      const due = await findDue();
      await Promise.all(due.map(attempt));
      if (due.length > 0) again = true;
    } while (again && !closed);
  };

  /** The first pending delivery of each conversation and webhook, if it is due and not leased. */
  const findDue = async (): Promise<WebhookDelivery[]> => {
    const now = new Date();
    return Deliveries.findAll({
      where: {
        status: 'pending',
        nextAttemptAt: { [Op.lte]: now },
        [Op.or]: [{ lockedUntil: null }, { lockedUntil: { [Op.lt]: now } }],
        [Op.and]: literal(
          'NOT EXISTS (SELECT 1 FROM `webhook_deliveries` AS `earlier`' +
            ' WHERE `earlier`.`webhook_id` = `WebhookDelivery`.`webhook_id`' +
            ' AND `earlier`.`ordering_key` = `WebhookDelivery`.`ordering_key`' +
            " AND `earlier`.`status` = 'pending'" +
            ' AND `earlier`.`position` < `WebhookDelivery`.`position`)',
        ),
      },
      include: [{ association: 'webhook', where: { isActive: true }, required: true }],
      order: [['position', 'ASC']],
      limit: BATCH,
    });
  };

  const attempt = async (delivery: WebhookDelivery) => {
    const now = new Date();
    const [claimed] = await Deliveries.update(
      { lockedUntil: new Date(now.getTime() + leaseMs) },
      {
        where: {
          id: delivery.id,
          status: 'pending',
          [Op.or]: [{ lockedUntil: null }, { lockedUntil: { [Op.lt]: now } }],
        },
      },
    );
    if (claimed === 0) return; // another node has it
    const webhook = delivery.webhook!;
    const abort = new AbortController();
    aborts.add(abort);
    const outcome = await post({ url: webhook.url, secret: webhook.secret, delivery, abort });
    aborts.delete(abort);
    if (closed && abort.signal.aborted) {
      // Shutting down: not the receiver's fault, so not counted; the next start sends it.
      await Deliveries.update({ lockedUntil: null }, { where: { id: delivery.id } });
      return;
    }
    await record(delivery, outcome);
  };

  const post = async (input: {
    url: string;
    secret: string;
    delivery: WebhookDelivery;
    abort: AbortController;
  }): Promise<Outcome> => {
    const { delivery } = input;
    const deadline = setTimeout(() => input.abort.abort(), options.timeoutMs);
    try {
      const response = await guardedRequest({
        url: input.url,
        policy: options.policy,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Parley-Webhooks/1',
          'x-parley-event': delivery.event,
          'x-parley-delivery': delivery.id,
          'x-parley-signature': signWebhookBody(input.secret, delivery.payload, new Date()),
        },
        body: delivery.payload,
        headersTimeoutMs: options.timeoutMs,
        signal: input.abort.signal,
      });
      const status = response.statusCode ?? 0;
      const body = await readBody(response, {
        maxBytes: RESPONSE_READ_BYTES,
        timeoutMs: options.timeoutMs,
      }).catch((error: unknown) =>
        error instanceof BodyTooLargeError ? '(response body too large)' : null,
      );
      const kept = body === null ? null : body.slice(0, RESPONSE_KEPT_CHARS);
      if (status >= 200 && status < 300) return { ok: true, status, body: kept };
      return { ok: false, status, body: kept, error: `HTTP ${status}` };
    } catch (error) {
      const message =
        input.abort.signal.aborted && !closed
          ? `no answer within ${options.timeoutMs} ms`
          : error instanceof Error
            ? error.message
            : String(error);
      return { ok: false, status: null, body: null, error: message.slice(0, 1000) };
    } finally {
      clearTimeout(deadline);
    }
  };

  const record = async (delivery: WebhookDelivery, outcome: Outcome) => {
    const now = new Date();
    const attempts = delivery.attempts + 1;
    const common = {
      attempts,
      lastAttemptAt: now,
      lockedUntil: null,
      responseStatus: outcome.status,
      responseBody: outcome.body,
    };
    if (outcome.ok) {
      await Deliveries.update(
        { ...common, status: 'delivered', deliveredAt: now, nextAttemptAt: null, error: null },
        { where: { id: delivery.id } },
      );
      await Webhook.update(
        { consecutiveFailures: 0 },
        { where: { id: delivery.webhookId, consecutiveFailures: { [Op.gt]: 0 } } },
      );
      return;
    }
    const delay = retryDelay(attempts, options.retryBaseMs);
    await Deliveries.update(
      { ...common, nextAttemptAt: new Date(now.getTime() + delay), error: outcome.error },
      { where: { id: delivery.id } },
    );
    wakeTimes.push(now.getTime() + delay);
    schedule(now.getTime() + delay);
    await countFailure(delivery.webhookId);
  };

  let switchOffs: Promise<unknown> = Promise.resolve();
  const countFailure = async (webhookId: string) => {
    await Webhook.increment('consecutiveFailures', { where: { id: webhookId } });
    const webhook = await Webhook.findByPk(webhookId);
    if (!webhook?.isActive || webhook.consecutiveFailures < options.disableAfterFailures) return;
    // One switch-off at a time on this node: a round's failures of one webhook all cross the
    // limit together, and on SQLite each waiting write transaction would hold a thread-pool
    // thread that every other statement of the process (chat messages included) needs.
    const switchOff = switchOffs.then(() => switchOffNow(webhook));
    switchOffs = switchOff.catch(() => undefined);
    await switchOff;
  };

  /**
   * Switches the webhook off and tells staff, in one transaction: staff never see it off without
   * the notice saying why, nor a notice for a switch-off that did not commit.
   */
  const switchOffNow = async (webhook: {
    id: string;
    url: string;
    consecutiveFailures: number;
  }) => {
    const reason = `Switched off after ${webhook.consecutiveFailures} failed deliveries in a row`;
    const isSwitchedOff = await db.sequelize.transaction(
      { type: Transaction.TYPES.IMMEDIATE },
      async (transaction) => {
        const [changed] = await Webhook.update(
          { isActive: false, disabledReason: reason },
          { where: { id: webhook.id, isActive: true }, transaction },
        );
        if (changed === 0) return false; // already off (another failure, node, or an admin)
        await parts.notifications.notifyStaff(
          {
            type: 'webhook.disabled',
            title: 'Webhook switched off',
            message: `The webhook to ${webhookHost(webhook.url)} failed ${webhook.consecutiveFailures} deliveries in a row and was switched off. Its events are kept and go out in order once it is enabled again.`,
            metadata: { webhookId: webhook.id },
          },
          transaction,
        );
        return true;
      },
    );
    if (isSwitchedOff)
      logger.warn(
        { webhookId: webhook.id, host: webhookHost(webhook.url) },
        'webhook switched off after repeated failures',
      );
  };

  return {
    kick,
    start() {
      if (!closed) return;
      closed = false;
      kick();
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      timerAt = Infinity;
      aborts.forEach((abort) => abort.abort());
      await running;
    },
  };
}
