import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEmailLinks } from './email-links.ts';

describe('email links', () => {
  const links = createEmailLinks(randomBytes(32));

  it('finds the conversation of its own reply address, also lower-cased by a relay', () => {
    const sessionId = randomUUID();
    const address = links.replyAddress(sessionId, 'reply@chat.example.com');
    expect(address).toMatch(/^reply\+[0-9a-f]{48}@chat\.example\.com$/);
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(links.sessionOfReplyAddress(address)).toBe(sessionId);
    expect(links.sessionOfReplyAddress(`Visitor <${address.toUpperCase()}>`)).toBe(sessionId);
  });

  it('refuses a forged or altered address, and another server’s', () => {
    const address = links.replyAddress(randomUUID(), 'reply@chat.example.com');
    const other = randomUUID().replaceAll('-', '');
    expect(links.sessionOfReplyAddress(address.replace(/\+[0-9a-f]{32}/, `+${other}`))).toBe(
      undefined,
    );
    expect(links.sessionOfReplyAddress('reply@chat.example.com')).toBe(undefined);
    const elsewhere = createEmailLinks(randomBytes(32));
    expect(elsewhere.sessionOfReplyAddress(address)).toBe(undefined);
  });

  it('keeps reply and unsubscribe tokens apart', () => {
    const id = randomUUID();
    const token = links.unsubscribeToken(id);
    expect(links.visitorOfUnsubscribeToken(token)).toBe(id);
    expect(links.sessionOfReplyAddress(`reply+${token}@chat.example.com`)).toBe(undefined);
  });
});
