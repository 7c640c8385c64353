import type { Strings } from './i18n.ts';

/**
 * What a banned visitor reads: when a temporary ban ends, in their own clock and language (the
 * date too when not today); a ban for good says they can no longer write here.
 */
export function banText(expiresAt: string | null, t: Strings, lang: string): string {
  if (expiresAt === null) return t.banned;
  // Up to the minute: "after 10:06" holds for a ban ending at 10:05:40, "after 10:05" would not.
  const at = new Date(Math.ceil(Date.parse(expiresAt) / 60_000) * 60_000);
  const isToday = at.toDateString() === new Date().toDateString();
  const time = new Intl.DateTimeFormat(lang, {
    dateStyle: isToday ? undefined : 'medium',
    timeStyle: 'short',
  }).format(at);
  return t.bannedUntil.replace('{time}', time);
}
