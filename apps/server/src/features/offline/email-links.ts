import { createHmac, timingSafeEqual } from 'node:crypto';

/** Hex, so a relay that lower-cases addresses keeps them valid. */
const UUID_HEX = /^[0-9a-f]{32}$/;
const SIGNATURE_HEX_LENGTH = 16;

export interface EmailLinks {
  /** `reply+<token>@domain` for `reply@domain`: a mail to it continues the conversation. */
  replyAddress(sessionId: string, mailbox: string): string;
  /** The conversation a reply address names, or undefined when forged or not one of ours. */
  sessionOfReplyAddress(address: string): string | undefined;
  /** The token of the unsubscribe link in a visitor's mail. */
  unsubscribeToken(visitorId: string): string;
  visitorOfUnsubscribeToken(token: string): string | undefined;
}

/**
 * Addresses and links in visitors' mail. Each carries an id and an HMAC of it, so nobody can
 * write into, or unsubscribe, someone else's conversation by guessing.
 */
export function createEmailLinks(key: Buffer): EmailLinks {
  const sign = (purpose: string, idHex: string) =>
    createHmac('sha256', key)
      .update(`${purpose}:${idHex}`)
      .digest('hex')
      .slice(0, SIGNATURE_HEX_LENGTH);
  const token = (purpose: string, id: string) => {
    const idHex = id.replaceAll('-', '').toLowerCase();
    return `${idHex}${sign(purpose, idHex)}`;
  };
  const open = (purpose: string, value: string): string | undefined => {
    const text = value.toLowerCase();
    const idHex = text.slice(0, 32);
    const signature = text.slice(32);
    if (!UUID_HEX.test(idHex) || signature.length !== SIGNATURE_HEX_LENGTH) return undefined;
    const expected = Buffer.from(sign(purpose, idHex));
    if (!timingSafeEqual(expected, Buffer.from(signature))) return undefined;
    return [
      idHex.slice(0, 8),
      idHex.slice(8, 12),
      idHex.slice(12, 16),
      idHex.slice(16, 20),
      idHex.slice(20),
    ].join('-');
  };
  return {
    replyAddress(sessionId, mailbox) {
      const [local, domain] = mailbox.split('@') as [string, string];
      return `${local}+${token('reply', sessionId)}@${domain}`;
    },
    sessionOfReplyAddress(address) {
      const match = /\+([0-9a-f]+)@/i.exec(address);
      return match ? open('reply', match[1] ?? '') : undefined;
    },
    unsubscribeToken: (visitorId) => token('unsubscribe', visitorId),
    visitorOfUnsubscribeToken: (value) => open('unsubscribe', value),
  };
}

/** The key for email links, derived from a server secret so it needs no setting of its own. */
export function emailLinkKey(secret: Buffer): Buffer {
  return createHmac('sha256', secret).update('parley:email-links').digest();
}
