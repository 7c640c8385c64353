import { Op } from 'sequelize';
import { AppError, type TVisitorContact } from '@parley/protocol';
import type { Database } from '@parley/db';
import type { VisitorScope } from '../conversations/session-service.ts';
import type { OutgoingMail } from './visitor-mail.ts';

/** Transcripts one address may be sent in an hour: a visitor cannot make Parley spam anyone. */
const TRANSCRIPTS_PER_HOUR = 3;

export interface ContactService {
  /** Saves or (email null) withdraws where replies go; refused for a verified visitor. */
  save(scope: VisitorScope, contact: TVisitorContact): Promise<{ email: string | null }>;
  /** Queues the session's transcript to the visitor's contact address. */
  requestTranscript(scope: VisitorScope, sessionId: string): Promise<void>;
  /** Forgets the contact address (the unsubscribe link). */
  unsubscribe(visitorId: string): Promise<void>;
}

export function createContactService(db: Database, mail: OutgoingMail): ContactService {
  const { Visitor, ChatSession, EmailOutboxEntry } = db.models;
  const visitorOf = async (scope: VisitorScope) => {
    const visitor = await Visitor.findByPk(scope.visitorId);
    if (!visitor || visitor.widgetId !== scope.widgetId)
      throw new AppError('NOT_FOUND', 'No such visitor');
    return visitor;
  };
  return {
    async save(scope, { email, name }) {
      const visitor = await visitorOf(scope);
      if (visitor.isVerified)
        throw new AppError('CONFLICT', 'Your email comes from your account on this site', {
          field: 'email',
        });
      await visitor.update({ email, ...(name ? { name } : {}) });
      return { email };
    },
    async requestTranscript(scope, sessionId) {
      const visitor = await visitorOf(scope);
      const session = await ChatSession.findByPk(sessionId);
      if (!session || session.visitorId !== visitor.id)
        throw new AppError('NOT_FOUND', 'No such session', { field: 'sessionId' });
      if (!visitor.email)
        throw new AppError('INVALID_PAYLOAD', 'Leave your email first', { field: 'email' });
      const recent = await EmailOutboxEntry.count({
        where: {
          kind: 'visitor-transcript',
          toAddress: visitor.email,
          createdAt: { [Op.gt]: new Date(Date.now() - 3_600_000) },
        },
      });
      if (recent >= TRANSCRIPTS_PER_HOUR)
        throw new AppError('RATE_LIMITED', 'A transcript was sent recently; try again later', {
          retryAfterMs: 3_600_000,
        });
      await mail.transcript({ session, visitor });
    },
    async unsubscribe(visitorId) {
      await Visitor.update({ email: null }, { where: { id: visitorId, isVerified: false } });
    },
  };
}
