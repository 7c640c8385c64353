import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { TPreviewTicket } from '@parley/protocol';

const ISSUER = 'parley';
/** Long enough for an editing session (the socket needs it only to connect), short if leaked. */
export const PREVIEW_TICKET_LIFETIME_S = 30 * 60;
/** Ticket characters as issued (a JWT); anything else is never put into the embed page. */
export const PREVIEW_TICKET_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export interface PreviewTickets {
  /** A ticket for one widget key, valid from `now` for `PREVIEW_TICKET_LIFETIME_S`. */
  issue(widgetKey: string, now?: Date): TPreviewTicket;
  /** Whether `ticket` is an unexpired ticket this server issued for `widgetKey`. */
  isValidFor(ticket: string | undefined, widgetKey: string): boolean;
}

/**
 * Preview tickets: HS256 JWTs (own secret, audience `preview:<widgetKey>`) that let the
 * dashboard's sandboxed preview, an opaque origin that sends `Origin: null`, use one widget
 * briefly. `jsonwebtoken` compares signatures in constant time; the algorithm is pinned.
 *
 * @example
 * const tickets = createPreviewTickets(secrets.previewTicketSecret);
 * const { ticket } = tickets.issue('wk_demo');
 * tickets.isValidFor(ticket, 'wk_demo'); // true
 * tickets.isValidFor(ticket, 'wk_other'); // false
 */
export function createPreviewTickets(secret: Buffer): PreviewTickets {
  const key: KeyObject = createSecretKey(secret);
  const audienceOf = (widgetKey: string) => `preview:${widgetKey}`;
  return {
    issue(widgetKey, now = new Date()) {
      const issuedAt = Math.floor(now.getTime() / 1000);
      const ticket = jwt.sign({ iat: issuedAt }, key, {
        algorithm: 'HS256',
        issuer: ISSUER,
        audience: audienceOf(widgetKey),
        expiresIn: PREVIEW_TICKET_LIFETIME_S,
      });
      const expiresAt = new Date((issuedAt + PREVIEW_TICKET_LIFETIME_S) * 1000).toISOString();
      return { ticket, expiresAt };
    },
    isValidFor(ticket, widgetKey) {
      if (ticket === undefined || !PREVIEW_TICKET_PATTERN.test(ticket)) return false;
      try {
        const payload = jwt.verify(ticket, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: audienceOf(widgetKey),
          // Never longer than issued, whatever `exp` says; and `exp` must be there.
          maxAge: PREVIEW_TICKET_LIFETIME_S,
        });
        return typeof payload === 'object' && typeof payload.exp === 'number';
      } catch {
        return false;
      }
    },
  };
}
