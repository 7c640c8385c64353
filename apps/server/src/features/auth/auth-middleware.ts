import type { Request, RequestHandler, Response } from 'express';
import { AppError, type TUserRole } from '@parley/protocol';
import type { User } from '@parley/db';
import type { RequestOrigin } from './audit-log.ts';
import type { AuthService } from './auth-service.ts';

/** The signed-in staff user of a request that passed `requireRole`. */
export function currentUser(res: Response): User {
  const user: unknown = res.locals.user;
  if (!user) throw new AppError('UNAUTHORIZED', 'Not signed in');
  return user as User;
}

export function requestOrigin(req: Request): RequestOrigin {
  return { ip: req.ip, userAgent: req.get('user-agent') };
}

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header ?? '');
  return match?.[1];
}

/**
 * Admits a request with a valid access token of an active user whose role is one of `roles`:
 * `UNAUTHORIZED` without a valid token, `FORBIDDEN` with the wrong role. The role is read from
 * the database, so demoting a user takes effect at once.
 *
 * @example
 * router.get('/users', requireRole(auth, 'admin'), listUsers);
 */
export function requireRole(auth: AuthService, ...roles: TUserRole[]): RequestHandler {
  return async (req, res, next) => {
    // Already admitted by an API key whose scope opens this route (features/api-keys).
    if (res.locals.apiKey) return next();
    const token = bearerToken(req.get('authorization'));
    if (!token) throw new AppError('UNAUTHORIZED', 'A Bearer access token is required');
    const user = await auth.authenticate(token);
    if (!roles.includes(user.role))
      throw new AppError('FORBIDDEN', `This needs the ${roles.join(' or ')} role`);
    res.locals.user = user;
    next();
  };
}
