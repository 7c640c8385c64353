import { Router } from 'express';
import nodemailer from 'nodemailer';
import type { Database, EmailOutboxEntry } from '@parley/db';
import { AppError, ZTranscriptRequestSchema, type TEmailOutboxEntry } from '@parley/protocol';
import type { Config } from '../../config/config-schema.ts';
import type { Logger } from '../../logging/create-logger.ts';
import { createSessionAdminService } from '../admin/session-admin-service.ts';
import { parseId } from '../admin/resource-json.ts';
import type { AuthFeature } from '../auth/auth-feature.ts';
import { currentUser, requestOrigin, requireRole } from '../auth/auth-middleware.ts';
import { createEmailSender } from './email-sender.ts';
import { transcriptEmail } from './transcript-email.ts';

export interface EmailFeature {
  /** `GET /emails` (the outbox), `POST /sessions/:id/transcript`. */
  routes: Router;
  /** Sends what is due now (call after queueing mail). */
  kick(): void;
  start(): void;
  close(): Promise<void>;
}

const NOT_CONFIGURED = 'not sent: configure SMTP';

/** Mail from a database outbox through `SMTP_URL`; without it, mail waits and says why. */
export function createEmailFeature(parts: {
  config: Config;
  db: Database;
  logger: Logger;
  auth: AuthFeature;
}): EmailFeature {
  const { config, db } = parts;
  const transport = config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : undefined;
  const sender = createEmailSender({
    db,
    logger: parts.logger,
    transport,
    from: config.MAIL_FROM,
    retryBaseMs: config.EMAIL_RETRY_BASE_MS,
  });
  const sessions = createSessionAdminService(db);
  const toJson = (row: EmailOutboxEntry): TEmailOutboxEntry => ({
    id: row.id,
    kind: row.kind,
    to: row.toAddress,
    subject: row.subject,
    status: row.status,
    notice: row.status === 'pending' && !transport ? NOT_CONFIGURED : null,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  });

  const router = Router();
  router.get('/api/v1/emails', requireRole(parts.auth.service, 'admin'), async (_req, res) => {
    const rows = await db.models.EmailOutboxEntry.findAll({
      order: [['createdAt', 'DESC']],
      limit: 100,
    });
    res.json({ items: rows.map(toJson) });
  });
  router.post(
    '/api/v1/sessions/:id/transcript',
    requireRole(parts.auth.service, 'admin', 'agent'),
    async (req, res) => {
      const id = parseId(req.params.id);
      const { to } = ZTranscriptRequestSchema.parse(req.body ?? {});
      const session = await sessions.get(id);
      const visitor = await db.models.Visitor.findByPk(session.visitorId);
      const address = to ?? visitor?.email;
      if (!address)
        throw new AppError('INVALID_PAYLOAD', 'The visitor left no email; give one in `to`', {
          field: 'to',
        });
      const mail = transcriptEmail(session, await sessions.messages(id));
      const row = await db.models.EmailOutboxEntry.create({
        kind: 'transcript',
        toAddress: address,
        subject: mail.subject,
        textBody: mail.text,
        htmlBody: mail.html,
        nextAttemptAt: new Date(),
      });
      await parts.auth.audit.record({
        userId: currentUser(res).id,
        action: 'session.transcript',
        origin: requestOrigin(req),
        metadata: { sessionId: id, emailId: row.id },
      });
      sender.kick();
      res.status(202).json(toJson(row));
    },
  );
  return {
    routes: router,
    kick: () => sender.kick(),
    start: () => sender.start(),
    close: () => sender.close(),
  };
}
