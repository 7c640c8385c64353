import { createHmac, timingSafeEqual } from 'node:crypto';

/** Hex throughout, so a relay that lower-cases addresses keeps them valid. */
const TOKEN = /^([0-9a-f]{32})([0-9a-f]{5})([0-9a-f]{12})$/;
const DAY_MS = 86_400_000;
/** A reply address stops working this long after the mail that carried it. */
const REPLY_DAYS = 90;
/** A confirmation or unsubscribe link. */
const LINK_DAYS = 365;

export interface EmailLinks {
  /** `reply+<token>@domain` for `reply@domain`: a mail to it continues the conversation. */
  replyAddress(sessionId: string, mailbox: string, now?: Date): string;
  /** The conversation a reply address names, or undefined when forged, expired or not ours. */
  sessionOfReplyAddress(address: string, now?: Date): string | undefined;
  unsubscribeToken(visitorId: string, now?: Date): string;
  visitorOfUnsubscribeToken(token: string, now?: Date): string | undefined;
  /** Confirms `email` for this visitor only: a token for another address does not fit. */
  confirmToken(visitorId: string, email: string, now?: Date): string;
  /** The visitor id a confirmation token names (check it against their address next). */
  visitorOfConfirmToken(token: string): string | undefined;
  isConfirmTokenFor(token: string, email: string, now?: Date): boolean;
}

/**
 * Addresses and links in visitors' mail: an id, the day it was issued and an HMAC of both (and of
 * what it is for), so nobody can write into, confirm for, or unsubscribe someone else by guessing,
 * and an old one stops working.
 */
export function createEmailLinks(key: Buffer): EmailLinks {
  const sign = (purpose: string, idHex: string, dayHex: string) =>
    createHmac('sha256', key).update(`${purpose}:${idHex}:${dayHex}`).digest('hex').slice(0, 12);
  const issue = (purpose: string, id: string, now: Date) => {
    const idHex = id.replaceAll('-', '').toLowerCase();
    const dayHex = Math.floor(now.getTime() / DAY_MS)
      .toString(16)
      .padStart(5, '0');
    return `${idHex}${dayHex}${sign(purpose, idHex, dayHex)}`;
  };
  const parse = (value: string) => {
    const match = TOKEN.exec(value.toLowerCase());
    if (!match) return undefined;
    const [, idHex = '', dayHex = '', signature = ''] = match;
    return { idHex, dayHex, signature };
  };
  const open = (purpose: string, value: string, valid: { now: Date; days: number }) => {
    const { now, days } = valid;
    const token = parse(value);
    if (!token) return undefined;
    const expected = Buffer.from(sign(purpose, token.idHex, token.dayHex));
    if (!timingSafeEqual(expected, Buffer.from(token.signature))) return undefined;
    const age = Math.floor(now.getTime() / DAY_MS) - parseInt(token.dayHex, 16);
    if (age < 0 || age > days) return undefined;
    return toUuid(token.idHex);
  };
  const confirmPurpose = (email: string) => `confirm:${email.toLowerCase()}`;
  return {
    replyAddress(sessionId, mailbox, now = new Date()) {
      const [local, domain] = mailbox.split('@') as [string, string];
      return `${local}+${issue('reply', sessionId, now)}@${domain}`;
    },
    sessionOfReplyAddress(address, now = new Date()) {
      const match = /\+([0-9a-f]+)@/i.exec(address);
      return match ? open('reply', match[1] ?? '', { now, days: REPLY_DAYS }) : undefined;
    },
    unsubscribeToken: (visitorId, now = new Date()) => issue('unsubscribe', visitorId, now),
    visitorOfUnsubscribeToken: (value, now = new Date()) =>
      open('unsubscribe', value, { now, days: LINK_DAYS }),
    confirmToken: (visitorId, email, now = new Date()) =>
      issue(confirmPurpose(email), visitorId, now),
    visitorOfConfirmToken(value) {
      const token = parse(value);
      return token ? toUuid(token.idHex) : undefined;
    },
    isConfirmTokenFor: (value, email, now = new Date()) =>
      open(confirmPurpose(email), value, { now, days: LINK_DAYS }) !== undefined,
  };
}

function toUuid(hex: string): string {
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}

/** The key for email links, derived from a server secret so it needs no setting of its own. */
export function emailLinkKey(secret: Buffer): Buffer {
  return createHmac('sha256', secret).update('parley:email-links').digest();
}
