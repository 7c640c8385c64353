import { randomBytes, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { createVisitorTokens } from './visitor-token.ts';

describe('visitor tokens', () => {
  const secret = randomBytes(32);
  const tokens = createVisitorTokens(secret);
  const widgetId = randomUUID();
  const visitorId = randomUUID();

  it('round-trips for the widget it was issued for, with exp, iss and aud set', () => {
    const token = tokens.issue({ visitorId, widgetId });
    expect(tokens.verifyForWidget(token, widgetId)).toEqual({ visitorId, widgetId });
    expect(tokens.verifyAnyWidget(token)).toEqual({ visitorId, widgetId });
    const claims = jwt.decode(token, { complete: true })!;
    expect(claims.header).toMatchObject({ alg: 'HS256', kid: 'v1' });
    expect(claims.payload).toMatchObject({
      iss: 'parley',
      aud: `widget:${widgetId}`,
      sub: visitorId,
    });
    expect((claims.payload as { exp: number }).exp).toBeGreaterThan(
      Date.now() / 1000 + 300 * 24 * 3600,
    );
  });

  it.each([
    ['another widget', () => tokens.issue({ visitorId, widgetId: randomUUID() })],
    ['another secret', () => createVisitorTokens(randomBytes(32)).issue({ visitorId, widgetId })],
    [
      'an expired token',
      () =>
        jwt.sign({}, secret, {
          algorithm: 'HS256',
          issuer: 'parley',
          audience: `widget:${widgetId}`,
          subject: visitorId,
          expiresIn: -10,
        }),
    ],
    [
      'another issuer',
      () =>
        jwt.sign({}, secret, {
          algorithm: 'HS256',
          issuer: 'x',
          audience: `widget:${widgetId}`,
          subject: visitorId,
          expiresIn: 60,
        }),
    ],
    [
      'another algorithm',
      () =>
        jwt.sign({}, secret, {
          algorithm: 'HS512',
          issuer: 'parley',
          audience: `widget:${widgetId}`,
          subject: visitorId,
          expiresIn: 60,
        }),
    ],
    [
      'no subject',
      () =>
        jwt.sign({}, secret, {
          algorithm: 'HS256',
          issuer: 'parley',
          audience: `widget:${widgetId}`,
          expiresIn: 60,
        }),
    ],
    [
      'alg none',
      () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: 'parley', aud: `widget:${widgetId}`, sub: visitorId })).toString('base64url')}.`,
    ],
  ])('refuses %s with UNAUTHORIZED', (_label, make) => {
    expect(() => tokens.verifyForWidget(make(), widgetId)).toThrow(
      expect.objectContaining({ code: 'UNAUTHORIZED' }),
    );
  });
});
