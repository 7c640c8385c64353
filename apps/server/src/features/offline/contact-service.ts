import {
  AppError,
  isOneEmailAddress,
  type TVisitorContact,
  type TVisitorContactState,
} from '@parley/protocol';
import type { Database, Visitor } from '@parley/db';
import type { VisitorScope } from '../conversations/session-service.ts';
import type { EmailLinks } from './email-links.ts';
import type { OutgoingMail } from './visitor-mail.ts';

/** Who asks, for the mail limits. */
export interface ContactRequest extends VisitorScope {
  ip: string;
}

export interface ContactService {
  /**
   * Saves or (email null) withdraws where replies go. A new address gets a confirmation mail and
   * is used only once confirmed. Refused for a verified visitor.
   */
  save(request: ContactRequest, contact: TVisitorContact): Promise<TVisitorContactState>;
  /** Queues the session's transcript to the visitor's confirmed address. */
  requestTranscript(request: ContactRequest, sessionId: string): Promise<void>;
  /** The confirmation link: true when it confirmed the visitor's current address. */
  confirm(token: string): Promise<boolean>;
  /** No more mail to this visitor until they confirm an address again. */
  unsubscribe(visitorId: string): Promise<void>;
}

/**
 * Whether Parley may mail this visitor: a confirmed (or site-verified) address, not opted out.
 * The address is checked again because rows written before identify checked it may hold a list.
 */
export function isMailable(visitor: Visitor): visitor is Visitor & { email: string } {
  return (
    visitor.email !== null &&
    isOneEmailAddress(visitor.email) &&
    visitor.emailOptedOutAt === null &&
    (visitor.isVerified || visitor.emailConfirmedAt !== null)
  );
}

export function createContactService(parts: {
  db: Database;
  mail: OutgoingMail;
  links: EmailLinks;
  /** Throws RATE_LIMITED when a visitor asks for too much mail. */
  limitMail: (keys: { visitorId: string; email: string; ip: string }) => Promise<void>;
}): ContactService {
  const { Visitor, ChatSession } = parts.db.models;
  const visitorOf = async (scope: VisitorScope) => {
    const visitor = await Visitor.findByPk(scope.visitorId);
    if (!visitor || visitor.widgetId !== scope.widgetId)
      throw new AppError('NOT_FOUND', 'No such visitor');
    return visitor;
  };
  const stateOf = (visitor: Visitor): TVisitorContactState => ({
    email: visitor.email,
    isConfirmed: isMailable(visitor),
  });
  return {
    async save(request, { email, name }) {
      const visitor = await visitorOf(request);
      if (visitor.isVerified)
        throw new AppError('CONFLICT', 'Your email comes from your account on this site', {
          field: 'email',
        });
      if (email === null) {
        await visitor.update({ email: null, emailConfirmedAt: null });
        return stateOf(visitor);
      }
      if (email === visitor.email && isMailable(visitor)) return stateOf(visitor);
      await parts.limitMail({ visitorId: visitor.id, email, ip: request.ip });
      await visitor.update({ email, emailConfirmedAt: null, ...(name ? { name } : {}) });
      const session = await ChatSession.findOne({
        where: { visitorId: visitor.id },
        order: [['lastMessageAt', 'DESC']],
      });
      await parts.mail.confirmation({ visitor, widgetId: session?.widgetId ?? visitor.widgetId });
      return stateOf(visitor);
    },
    async requestTranscript(request, sessionId) {
      const visitor = await visitorOf(request);
      const session = await ChatSession.findByPk(sessionId);
      if (!session || session.visitorId !== visitor.id)
        throw new AppError('NOT_FOUND', 'No such session', { field: 'sessionId' });
      if (!isMailable(visitor))
        throw new AppError(
          'INVALID_PAYLOAD',
          visitor.email ? 'Confirm your email first: check your inbox' : 'Leave your email first',
          { field: 'email' },
        );
      await parts.limitMail({ visitorId: visitor.id, email: visitor.email, ip: request.ip });
      await parts.mail.transcript({ session, visitor });
    },
    async confirm(token) {
      const visitorId = parts.links.visitorOfConfirmToken(token);
      const visitor = visitorId ? await Visitor.findByPk(visitorId) : null;
      if (!visitor?.email || !parts.links.isConfirmTokenFor(token, visitor.email)) return false;
      await visitor.update({ emailConfirmedAt: new Date(), emailOptedOutAt: null });
      return true;
    },
    async unsubscribe(visitorId) {
      await Visitor.update({ emailOptedOutAt: new Date() }, { where: { id: visitorId } });
    },
  };
}
