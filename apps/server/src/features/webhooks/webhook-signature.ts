import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `X-Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The
 * timestamp is signed with the body, so a receiver can refuse replays of old deliveries.
 *
 * @example
 * res.setHeader('X-Parley-Signature', signWebhookBody(secret, body, new Date()));
 */
export function signWebhookBody(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmacHex(secret, `${t}.${body}`)}`;
}

/**
 * What a receiver does (docs/integrations.md): recompute the HMAC over the raw body and compare
 * in constant time; refuse timestamps older than `toleranceS`.
 *
 * @example
 * verifyWebhookSignature({ secret, body: rawBody, header: req.headers['x-parley-signature'] });
 */
export function verifyWebhookSignature(input: {
  secret: string;
  body: string;
  header: string | undefined;
  now?: Date;
  toleranceS?: number;
}): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(input.header ?? '');
  if (!match) return false;
  const [, t, v1] = match;
  if (t === undefined || v1 === undefined) return false;
  const age = Math.abs((input.now ?? new Date()).getTime() / 1000 - Number(t));
  if (age > (input.toleranceS ?? 300)) return false;
  const expected = Buffer.from(hmacHex(input.secret, `${t}.${input.body}`), 'hex');
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}
