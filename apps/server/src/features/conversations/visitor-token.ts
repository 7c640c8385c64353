import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError } from '@parley/protocol';

const ISSUER = 'parley';
const KEY_ID = 'v1';
const LIFETIME_S = 365 * 24 * 3600;

export interface VisitorClaims {
  visitorId: string;
  widgetId: string;
}

export interface VisitorTokens {
  issue(claims: VisitorClaims): string;
  /** Verifies a token for the given widget; anything wrong is `UNAUTHORIZED`. */
  verifyForWidget(token: string, widgetId: string): VisitorClaims;
  /** Verifies a token for whichever widget it names (REST, where no widget key is sent). */
  verifyAnyWidget(token: string): VisitorClaims;
}

const audienceOf = (widgetId: string) => `widget:${widgetId}`;

/**
 * Visitor tokens: HS256 JWTs whose audience is the widget, so a token issued for one widget is
 * refused by another. The algorithm is pinned on verify (no `none`, no key confusion), and a
 * prebuilt key object keeps verification cheap (SPEC §8).
 *
 * @example
 * const tokens = createVisitorTokens(secrets.visitorTokenSecret);
 * const token = tokens.issue({ visitorId, widgetId });
 * tokens.verifyForWidget(token, widgetId); // → { visitorId, widgetId }
 */
export function createVisitorTokens(secret: Buffer): VisitorTokens {
  const key: KeyObject = createSecretKey(secret);
  const verify = (token: string, audience: string | RegExp): VisitorClaims => {
    try {
      const payload = jwt.verify(token, key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience,
      });
      if (typeof payload === 'string') throw new Error('string payload');
      const aud = typeof payload.aud === 'string' ? payload.aud : '';
      if (!payload.sub || !aud.startsWith('widget:')) throw new Error('missing claims');
      return { visitorId: payload.sub, widgetId: aud.slice('widget:'.length) };
    } catch {
      throw new AppError('UNAUTHORIZED', 'The visitor token is invalid or expired');
    }
  };
  return {
    issue: ({ visitorId, widgetId }) =>
      jwt.sign({}, key, {
        algorithm: 'HS256',
        issuer: ISSUER,
        audience: audienceOf(widgetId),
        subject: visitorId,
        expiresIn: LIFETIME_S,
        keyid: KEY_ID,
      }),
    verifyForWidget: (token, widgetId) => verify(token, audienceOf(widgetId)),
    verifyAnyWidget: (token) => verify(token, /^widget:[0-9a-f-]{36}$/),
  };
}
