import type { TAnalyticsAgentRow, TAnalyticsReport } from '@parley/protocol';

/**
 * The arithmetic of the analytics report, apart from the database: medians, shares, questions
 * grouped over wording, first responses per agent. Inputs are plain rows, so it is tested alone.
 */

export interface SessionFacts {
  id: string;
  widgetId: string;
  status: string;
  assignedUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The first message of one sender in one session, and how many they sent. */
export interface FirstMessage {
  sessionId: string;
  senderType: string;
  senderId: string | null;
  firstAt: Date;
  count: number;
}

/** The middle value (the lower of the two middles), or null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/**
 * Questions counted by their normalised form (`normalise`), each shown in its most frequent
 * wording, most asked first.
 *
 * @example
 * groupQuestions(['Do you ship to Canada?', 'do you ship to canada', 'Refunds?'], fold)
 * // → [{ question: 'Do you ship to Canada?', count: 2 }, { question: 'Refunds?', count: 1 }]
 */
export function groupQuestions(
  questions: string[],
  normalise: (text: string) => string,
  limit = 10,
): TAnalyticsReport['topQuestions'] {
  const groups = new Map<string, Map<string, number>>();
  for (const raw of questions) {
    const wording = raw.trim();
    const key = normalise(wording);
    if (key === '') continue;
    const wordings = groups.get(key) ?? new Map<string, number>();
    wordings.set(wording, (wordings.get(wording) ?? 0) + 1);
    groups.set(key, wordings);
  }
  return [...groups.values()]
    .map((wordings) => {
      const [question] = [...wordings.entries()].sort((a, b) => b[1] - a[1])[0]!;
      const count = [...wordings.values()].reduce((sum, n) => sum + n, 0);
      return { question, count };
    })
    .sort((a, b) => b.count - a.count || a.question.localeCompare(b.question))
    .slice(0, limit);
}

/** Each session's first visitor message and first reply (AI or agent). */
function firstTimes(firsts: FirstMessage[]) {
  const bySession = new Map<string, { visitor?: Date; reply?: Date }>();
  for (const row of firsts) {
    const entry = bySession.get(row.sessionId) ?? {};
    if (row.senderType === 'visitor') entry.visitor = row.firstAt;
    if (row.senderType === 'ai' || row.senderType === 'agent')
      if (!entry.reply || row.firstAt < entry.reply) entry.reply = row.firstAt;
    bySession.set(row.sessionId, entry);
  }
  return bySession;
}

/** Milliseconds from a session's first visitor message to `at`, when `at` comes after it. */
function sinceVisitor(visitor: Date | undefined, at: Date | undefined): number | null {
  if (!visitor || !at) return null;
  const ms = at.getTime() - visitor.getTime();
  return ms >= 0 ? ms : null;
}

/** First-response and resolution medians over the sessions of the range. */
export function serviceTimes(sessions: SessionFacts[], firsts: FirstMessage[]) {
  const times = firstTimes(firsts);
  const responses = [...times.values()]
    .map((entry) => sinceVisitor(entry.visitor, entry.reply))
    .filter((ms): ms is number => ms !== null);
  const resolutions = sessions
    .filter((session) => session.status === 'closed')
    .map((session) => session.updatedAt.getTime() - session.createdAt.getTime());
  return { firstResponseMsMedian: median(responses), resolutionMsMedian: median(resolutions) };
}

/** Whether a person was asked for or took part in the session. */
export function isHandedOff(session: SessionFacts, agentSessions: Set<string>): boolean {
  return (
    session.status === 'handoff' ||
    session.status === 'agent' ||
    session.assignedUserId !== null ||
    agentSessions.has(session.id)
  );
}

/** Per agent: the sessions they wrote in, their messages, their median first response. */
export function agentRows(
  firsts: FirstMessage[],
  names: Map<string, string>,
): TAnalyticsAgentRow[] {
  const times = firstTimes(firsts);
  const byAgent = new Map<string, { sessions: number; messages: number; responses: number[] }>();
  for (const row of firsts) {
    if (row.senderType !== 'agent' || !row.senderId) continue;
    const entry = byAgent.get(row.senderId) ?? { sessions: 0, messages: 0, responses: [] };
    entry.sessions += 1;
    entry.messages += row.count;
    const ms = sinceVisitor(times.get(row.sessionId)?.visitor, row.firstAt);
    if (ms !== null) entry.responses.push(ms);
    byAgent.set(row.senderId, entry);
  }
  return [...byAgent.entries()]
    .map(([userId, entry]) => ({
      userId,
      fullName: names.get(userId) ?? 'Former user',
      sessions: entry.sessions,
      messages: entry.messages,
      firstResponseMsMedian: median(entry.responses),
    }))
    .sort((a, b) => b.sessions - a.sessions || a.fullName.localeCompare(b.fullName));
}
