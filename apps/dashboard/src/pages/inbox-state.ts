import type { TMessage, TSession, TSessionAssigned, TSessionSummary } from '@parley/protocol';

/** One inbox line. Unread counts are the server's, kept by `Attention`. */
export interface InboxEntry extends TSessionSummary {
  isHandoffRequested: boolean;
}

export function toEntry(summary: TSessionSummary): InboxEntry {
  return { ...summary, isHandoffRequested: summary.status === 'handoff' };
}

/**
 * A summary read by the server may be older than what the inbox already heard: the read for
 * `session:new` can finish before the visitor's first message, which then arrived first. The
 * server's state is taken, with the later message the line already heard of.
 */
function fresherOf(known: InboxEntry | undefined, summary: TSessionSummary): InboxEntry {
  const entry = toEntry(summary);
  if (!known || known.lastSeq <= summary.lastSeq) return entry;
  return {
    ...entry,
    lastSeq: known.lastSeq,
    lastMessage: known.lastMessage,
    lastMessageAt: known.lastMessageAt,
    title: summary.title ?? known.title,
  };
}

/** A new or newly active session goes to the top, unless the line already knows more. */
export function upsertSession(entries: InboxEntry[], summary: TSessionSummary): InboxEntry[] {
  const known = entries.find((entry) => entry.id === summary.id);
  const rest = entries.filter((entry) => entry.id !== summary.id);
  return [fresherOf(known, summary), ...rest];
}

/**
 * A freshly read first page after a reconnect: sessions missed while offline appear, known ones
 * take the server's state unless they heard of a later message, newest activity first.
 */
export function mergeResync(entries: InboxEntry[], page: TSessionSummary[]): InboxEntry[] {
  const fresh = page.map((summary) =>
    fresherOf(
      entries.find((entry) => entry.id === summary.id),
      summary,
    ),
  );
  const rest = entries.filter((entry) => !page.some((summary) => summary.id === entry.id));
  return [...fresh, ...rest].sort(
    (a, b) => Date.parse(b.lastMessageAt) - Date.parse(a.lastMessageAt),
  );
}

/** Whether the list has a line for the session (a message for one it lacks is read in full). */
export function isListed(entries: InboxEntry[], sessionId: string): boolean {
  return entries.some((entry) => entry.id === sessionId);
}

/** Whether a session belongs in the list under its status and holder filters. */
export function fitsView(
  summary: TSessionSummary,
  view: { status: string; assigned: '' | 'mine' | 'unassigned'; userId: string | undefined },
): boolean {
  if (view.status && summary.status !== view.status) return false;
  if (view.assigned === 'mine') return summary.assignedUserId === view.userId;
  if (view.assigned === 'unassigned') return summary.assignedUserId === null;
  return true;
}

export function applySessionUpdate(entries: InboxEntry[], session: TSession): InboxEntry[] {
  return entries.map((entry) =>
    entry.id === session.id
      ? {
          ...entry,
          status: session.status,
          title: session.title,
          lastSeq: session.lastSeq,
          lastMessageAt: session.lastMessageAt,
          isHandoffRequested: session.status === 'handoff',
        }
      : entry,
  );
}

/** A new message moves its session to the top; blocked text never becomes title or preview. */
export function applyMessage(entries: InboxEntry[], message: TMessage): InboxEntry[] {
  const index = entries.findIndex((entry) => entry.id === message.sessionId);
  if (index < 0) return entries;
  const entry = entries[index]!;
  const isReadable = message.status !== 'moderated';
  const updated: InboxEntry = {
    ...entry,
    lastSeq: Math.max(entry.lastSeq, message.seq),
    lastMessageAt: message.createdAt,
    // A session is titled by its first visitor message; the inbox may hear of it first.
    title:
      entry.title ??
      (message.senderType === 'visitor' && isReadable ? titleOf(message.content) : null),
    lastMessage: isReadable
      ? {
          senderType: message.senderType,
          preview: titleOf(message.content),
          createdAt: message.createdAt,
        }
      : entry.lastMessage,
  };
  return [updated, ...entries.filter((_, i) => i !== index)];
}

/** Adds or replaces a message in a conversation, keeping seq order. */
export function mergeMessage(messages: TMessage[], message: TMessage): TMessage[] {
  const rest = messages.filter((m) => m.id !== message.id);
  return [...rest, message].sort((a, b) => a.seq - b.seq);
}

/** One line of at most 80 characters, as the server titles sessions. */
export function titleOf(content: string): string {
  const line = content.replace(/\s+/g, ' ').trim();
  return line.length <= 80 ? line : `${line.slice(0, 79)}…`;
}

/**
 * Who holds a conversation now. In the "mine" view a conversation given to someone else
 * leaves the list; in "unassigned" one that was taken leaves it.
 */
export function applyAssigned(
  entries: InboxEntry[],
  assigned: TSessionAssigned,
  view: { assigned: '' | 'mine' | 'unassigned'; userId: string | undefined },
): InboxEntry[] {
  const isGone =
    (view.assigned === 'mine' && assigned.assignedUserId !== view.userId) ||
    (view.assigned === 'unassigned' && assigned.assignedUserId !== null);
  if (isGone) return entries.filter((entry) => entry.id !== assigned.sessionId);
  return entries.map((entry) =>
    entry.id === assigned.sessionId
      ? {
          ...entry,
          assignedUserId: assigned.assignedUserId,
          assignedUserName: assigned.assignedUserName,
        }
      : entry,
  );
}
