import type { TAnalyticsQuery } from '@parley/protocol';

const DAY_MS = 86_400_000;
/** Longest range one chart asks for. */
const MAX_DAYS = 366;

export interface Range {
  from: Date;
  to: Date;
}

/** Default range: the last 30 days; a bare `to` date includes that whole day. */
export function resolveRange(query: TAnalyticsQuery, now = new Date()): Range {
  const to = query.to ? new Date(`${query.to}T23:59:59.999Z`) : now;
  const earliest = new Date(to.getTime() - MAX_DAYS * DAY_MS);
  const from = query.from
    ? new Date(`${query.from}T00:00:00.000Z`)
    : new Date(to.getTime() - 30 * DAY_MS);
  return { from: from < earliest ? earliest : from, to };
}
