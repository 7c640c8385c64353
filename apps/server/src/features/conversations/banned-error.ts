import { AppError } from '@parley/protocol';
import type { Ban } from './ban-cache.ts';

/** What a banned visitor is told, on connecting, sending, or when the ban is made. */
export const BANNED_MESSAGE = 'You can no longer send messages here';

/**
 * The BANNED refusal of a connection or a message. It carries the ban's end (`null`: for good)
 * so the widget can say when the visitor may write again, and reconnect by itself then.
 *
 * @example
 * const ban = bans.banOn({ visitorId, ip }, new Date());
 * if (ban) throw bannedError(ban); // details: { expiresAt: '2026-05-01T10:00:00.000Z' }
 */
export function bannedError(ban: Ban): AppError {
  return new AppError('BANNED', BANNED_MESSAGE, {
    expiresAt: ban.expiresAt === null ? null : ban.expiresAt.toISOString(),
  });
}
