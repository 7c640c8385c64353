import type { TAvailability } from '@parley/protocol';
import type { Strings } from './i18n.ts';

/** "The team is online", "We usually reply within 4 h" or "We're away until 09:00". */
export function availabilityText(availability: TAvailability, t: Strings, lang: string): string {
  if (availability.state === 'online') return t.teamOnline;
  if (availability.state === 'closed' && availability.opensAt)
    return t.awayUntil.replace('{time}', formatOpening(availability.opensAt, lang));
  return availability.replyWithinHours
    ? t.replyWithin.replace('{n}', String(availability.replyWithinHours))
    : t.replySoon;
}

/** The opening in the visitor's own clock: the time today, with the weekday on another day. */
function formatOpening(iso: string, lang: string): string {
  const at = new Date(iso);
  const isToday = at.toDateString() === new Date().toDateString();
  return new Intl.DateTimeFormat(lang, {
    weekday: isToday ? undefined : 'long',
    hour: 'numeric',
    minute: '2-digit',
  }).format(at);
}
