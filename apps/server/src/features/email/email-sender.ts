import { Op } from 'sequelize';
import type { Transporter } from 'nodemailer';
import type { Database, EmailOutboxEntry } from '@parley/db';
import { retryDelay } from '../../app/retry-delay.ts';
import type { Logger } from '../../logging/create-logger.ts';

export interface EmailSender {
  kick(): void;
  start(): void;
  close(): Promise<void>;
}

const BATCH = 10;
const IDLE_POLL_MS = 5_000;
/** Longer than nodemailer's own connection and greeting timeouts. */
const LEASE_MS = 5 * 60_000;

/**
 * Sends queued mail through `transport`, oldest first, retrying refusals with backoff. A lease
 * (`locked_until`) keeps two nodes off one row. Without a transport it does nothing: rows wait.
 */
export function createEmailSender(parts: {
  db: Database;
  logger: Logger;
  transport: Transporter | undefined;
  from: string;
  retryBaseMs: number;
}): EmailSender {
  const { db, logger, transport } = parts;
  const { EmailOutboxEntry: Entries } = db.models;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = true;

  const wakeIn = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(kick, ms);
    timer.unref();
  };

  const kick = () => {
    if (closed || !transport) return;
    if (running) {
      again = true;
      return;
    }
    let soonest = IDLE_POLL_MS;
    running = (async () => {
      do {
        again = false;
        const now = new Date();
        const due = await Entries.findAll({
          where: {
            status: 'pending',
            nextAttemptAt: { [Op.lte]: now },
            [Op.or]: [{ lockedUntil: null }, { lockedUntil: { [Op.lt]: now } }],
          },
          order: [['createdAt', 'ASC']],
          limit: BATCH,
        });
        for (const entry of due) {
          if (closed) break;
          const delay = await send(entry, transport);
          if (delay !== undefined) soonest = Math.min(soonest, delay);
        }
        if (due.length === BATCH) again = true;
      } while (again && !closed);
    })()
      .catch((error: unknown) => logger.error({ err: error }, 'email sender round failed'))
      .finally(() => {
        running = undefined;
        if (!closed) wakeIn(soonest);
      });
  };

  /** One attempt; the delay until its retry when it failed. */
  const send = async (entry: EmailOutboxEntry, smtp: Transporter): Promise<number | undefined> => {
    const now = new Date();
    const [claimed] = await Entries.update(
      { lockedUntil: new Date(now.getTime() + LEASE_MS) },
      {
        where: {
          id: entry.id,
          status: 'pending',
          [Op.or]: [{ lockedUntil: null }, { lockedUntil: { [Op.lt]: now } }],
        },
      },
    );
    if (claimed === 0) return undefined;
    const attempts = entry.attempts + 1;
    try {
      await smtp.sendMail({
        from: parts.from,
        to: entry.toAddress,
        replyTo: entry.replyTo ?? undefined,
        // One-click unsubscribe (RFC 8058): mail programs show it beside the sender.
        ...(entry.unsubscribeUrl
          ? {
              list: { unsubscribe: entry.unsubscribeUrl },
              headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
            }
          : {}),
        subject: entry.subject,
        text: entry.textBody,
        html: entry.htmlBody,
      });
      // A static update: the instance does not know of the lease, so it would skip `lockedUntil`.
      await Entries.update(
        {
          status: 'sent',
          attempts,
          sentAt: new Date(),
          nextAttemptAt: null,
          lockedUntil: null,
          lastError: null,
        },
        { where: { id: entry.id } },
      );
      return undefined;
    } catch (error) {
      const delay = retryDelay(attempts, parts.retryBaseMs);
      await Entries.update(
        {
          attempts,
          lockedUntil: null,
          nextAttemptAt: new Date(Date.now() + delay),
          lastError: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
        },
        { where: { id: entry.id } },
      );
      logger.warn({ emailId: entry.id, attempts }, 'mail not accepted; will retry');
      return delay;
    }
  };

  return {
    kick,
    start() {
      closed = false;
      kick();
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await running;
      transport?.close();
    },
  };
}
