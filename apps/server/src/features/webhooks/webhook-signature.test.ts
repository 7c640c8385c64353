import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature.ts';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"d1","event":"message.created"}';
  const at = new Date('2026-11-29T10:00:00.500Z');

  it('is the documented HMAC over "<t>.<raw body>"', () => {
    const expected = createHmac('sha256', secret).update(`1795946400.${body}`).digest('hex');
    expect(signWebhookBody(secret, body, at)).toBe(`t=1795946400,v1=${expected}`);
  });

  it('verifies its own signature and refuses a changed body, secret or an old timestamp', () => {
    const header = signWebhookBody(secret, body, at);
    expect(verifyWebhookSignature({ secret, body, header, now: at })).toBe(true);
    expect(verifyWebhookSignature({ secret, body: `${body} `, header, now: at })).toBe(false);
    expect(verifyWebhookSignature({ secret: 'other', body, header, now: at })).toBe(false);
    const later = new Date(at.getTime() + 301_000);
    expect(verifyWebhookSignature({ secret, body, header, now: later })).toBe(false);
    expect(verifyWebhookSignature({ secret, body, header: 'v1=abc', now: at })).toBe(false);
  });
});
