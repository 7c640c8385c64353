import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { createPreviewTickets, PREVIEW_TICKET_LIFETIME_S } from './preview-ticket.ts';

describe('preview tickets', () => {
  const secret = randomBytes(32);
  const tickets = createPreviewTickets(secret);

  it('are valid for their widget key only, until they expire', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    const issued = tickets.issue('wk_a', now);
    expect(issued.expiresAt).toBe(
      new Date(now.getTime() + PREVIEW_TICKET_LIFETIME_S * 1000).toISOString(),
    );
    const fresh = tickets.issue('wk_a').ticket;
    expect(tickets.isValidFor(fresh, 'wk_a')).toBe(true);
    expect(tickets.isValidFor(fresh, 'wk_b')).toBe(false);
    expect(tickets.isValidFor(issued.ticket, 'wk_a')).toBe(false); // issued in the past: expired
  });

  it('refuse anything not signed with this secret and algorithm', () => {
    const claims = { iss: 'parley', aud: 'preview:wk_a' };
    const otherKey = jwt.sign(claims, randomBytes(32), { expiresIn: 600 });
    const unsigned = jwt.sign(claims, '', { algorithm: 'none', expiresIn: 600 });
    const otherAlgorithm = jwt.sign(claims, secret, { algorithm: 'HS512', expiresIn: 600 });
    const noExpiry = jwt.sign(claims, secret, { algorithm: 'HS256' });
    expect(tickets.isValidFor(jwt.sign(claims, secret, { expiresIn: 600 }), 'wk_a')).toBe(true);
    for (const ticket of [otherKey, unsigned, otherAlgorithm, noExpiry, '', undefined])
      expect(tickets.isValidFor(ticket, 'wk_a')).toBe(false);
  });
});
