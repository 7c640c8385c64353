import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEmailLinks } from './email-links.ts';

describe('email links', () => {
  const links = createEmailLinks(randomBytes(32));

  it('finds the conversation of its own reply address, also lower-cased by a relay', () => {
    const sessionId = randomUUID();
    const address = links.replyAddress(sessionId, 'reply@chat.example.com');
    expect(address).toMatch(/^reply\+[0-9a-f]{49}@chat\.example\.com$/);
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(links.sessionOfReplyAddress(address)).toBe(sessionId);
    expect(links.sessionOfReplyAddress(`Visitor <${address.toUpperCase()}>`)).toBe(sessionId);
  });

  it('refuses a forged, altered or expired address, and another server’s', () => {
    const sent = new Date('2026-01-01T00:00:00Z');
    const address = links.replyAddress(randomUUID(), 'reply@chat.example.com', sent);
    const other = randomUUID().replaceAll('-', '');
    const altered = address.replace(/\+[0-9a-f]{32}/, `+${other}`);
    expect(links.sessionOfReplyAddress(altered, sent)).toBe(undefined);
    expect(links.sessionOfReplyAddress('reply@chat.example.com')).toBe(undefined);
    expect(links.sessionOfReplyAddress(address, new Date('2026-03-01T00:00:00Z'))).toBeDefined();
    expect(links.sessionOfReplyAddress(address, new Date('2026-06-01T00:00:00Z'))).toBe(undefined);
    expect(createEmailLinks(randomBytes(32)).sessionOfReplyAddress(address, sent)).toBe(undefined);
  });

  it('keeps reply, unsubscribe and confirmation tokens apart, and refuses non-hex ones', () => {
    const id = randomUUID();
    const token = links.unsubscribeToken(id);
    expect(links.visitorOfUnsubscribeToken(token)).toBe(id);
    expect(links.sessionOfReplyAddress(`reply+${token}@chat.example.com`)).toBe(undefined);
    expect(links.visitorOfUnsubscribeToken(`${token.slice(0, 37)}ǅǅǅǅǅǅǅǅǅǅǅǅ`)).toBe(undefined);
    const confirm = links.confirmToken(id, 'Ana@Example.com');
    expect(links.visitorOfConfirmToken(confirm)).toBe(id);
    expect(links.isConfirmTokenFor(confirm, 'ana@example.com')).toBe(true);
    expect(links.isConfirmTokenFor(confirm, 'mallory@example.com')).toBe(false);
    expect(links.visitorOfUnsubscribeToken(confirm)).toBe(undefined);
  });
});
