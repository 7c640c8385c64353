import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { AppError, ZUserRoleSchema, type TUserRole } from '@parley/protocol';

export const ACCESS_TOKEN_ISSUER = 'parley';
export const ACCESS_TOKEN_AUDIENCE = 'parley-admin';
/** Short-lived: a stolen access token is useful for minutes; refresh tokens can be revoked. */
export const ACCESS_TOKEN_TTL_S = 15 * 60;

const ZAccessClaimsSchema = z.object({
  sub: z.string().min(1),
  role: ZUserRoleSchema,
  // Tokens issued before versions existed count as version 0, which every user started at.
  ver: z.number().int().min(0).default(0),
  exp: z.number(),
});
/** `tokenVersion` is the user's at signing; a raised version makes the token stale. */
export type AccessClaims = { userId: string; role: TUserRole; tokenVersion: number };
export type VerifiedClaims = AccessClaims & { expiresAtMs: number };

export interface AccessTokens {
  sign(claims: AccessClaims): string;
  /** The claims of a valid token; anything else is `UNAUTHORIZED`. */
  verify(token: string): VerifiedClaims;
  ttlSeconds: number;
}

/** A key id derived from the key itself: rotating the secret changes it, nothing to configure. */
export function keyIdOf(secret: Buffer): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

/**
 * Admin access tokens: HS256 only (pinned on verify, so `alg: none` or RS/HS confusion fail),
 * `exp`, `iss` and `aud` checked. `secrets[0]` signs; every secret in the list verifies, chosen
 * by the token's `kid`, so a rotated-out key keeps working until its tokens expire.
 *
 * @example
 * const tokens = createAccessTokens([secrets.adminJwtSecret]);
 * const { userId } = tokens.verify(tokens.sign({ userId, role: 'admin', tokenVersion: 0 }));
 */
export function createAccessTokens(
  secrets: Buffer[],
  options: { ttlSeconds?: number } = {},
): AccessTokens {
  if (secrets.length === 0 || secrets.some((secret) => secret.length < 32))
    throw new Error('admin JWT secrets must be at least 32 bytes');
  // Prebuilt key objects verify far faster than string secrets (SPEC §8).
  const keys = new Map<string, KeyObject>(
    secrets.map((secret) => [keyIdOf(secret), createSecretKey(secret)]),
  );
  const [signingKid] = keys.keys();
  const signingKey = keys.get(signingKid!)!;
  const ttlSeconds = options.ttlSeconds ?? ACCESS_TOKEN_TTL_S;
  return {
    ttlSeconds,
    sign: ({ userId, role, tokenVersion }) =>
      jwt.sign({ role, ver: tokenVersion }, signingKey, {
        algorithm: 'HS256',
        expiresIn: ttlSeconds,
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        subject: userId,
        keyid: signingKid,
      }),
    verify(token) {
      const decoded = jwt.decode(token, { complete: true });
      const kid = decoded?.header.kid;
      const key = kid === undefined ? undefined : keys.get(kid);
      if (!key) throw unauthorized();
      try {
        const payload = jwt.verify(token, key, {
          algorithms: ['HS256'],
          issuer: ACCESS_TOKEN_ISSUER,
          audience: ACCESS_TOKEN_AUDIENCE,
        });
        const claims = ZAccessClaimsSchema.parse(payload);
        return {
          userId: claims.sub,
          role: claims.role,
          tokenVersion: claims.ver,
          expiresAtMs: claims.exp * 1000,
        };
      } catch (error) {
        const isExpired = error instanceof jwt.TokenExpiredError;
        throw unauthorized(isExpired ? 'The access token has expired' : undefined);
      }
    },
  };
}

function unauthorized(message = 'A valid access token is required'): AppError {
  return new AppError('UNAUTHORIZED', message);
}
