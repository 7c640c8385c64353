import type { MessageDelta, TMessage } from '@parley/protocol';

/** Where a message stands from the visitor's point of view. */
export type DeliveryState = 'sent' | 'queued' | 'sending' | 'failed' | 'streaming';

/** A message as the panel shows it: committed (with a seq), pending, or still streaming. */
export interface ViewMessage extends Omit<TMessage, 'seq' | 'status'> {
  /** 0 until the server commits it. */
  seq: number;
  state: DeliveryState;
  error?: string;
  /** Failed for what it says (blocked by moderation): sending it again cannot help. */
  isFinal?: boolean;
  /** Hidden by moderation: kept in its place, without its text. */
  isHidden?: boolean;
  /** Index of the last `message:delta` applied while streaming. */
  lastDelta?: number;
  /** The visitor's thumbs up or down on an AI answer. */
  rating?: 'up' | 'down';
}

function fromCommitted(message: TMessage): ViewMessage {
  return {
    ...message,
    state: 'sent',
    ...(message.status === 'moderated' ? { isHidden: true } : {}),
  };
}

/** Committed messages by seq, then streaming answers, then the visitor's pending ones. */
function order(messages: ViewMessage[]): ViewMessage[] {
  const rank = (m: ViewMessage) => (m.seq > 0 ? 0 : m.state === 'streaming' ? 1 : 2);
  return messages
    .map((m, i) => [m, i] as const)
    .sort(([a, i], [b, j]) => rank(a) - rank(b) || a.seq - b.seq || i - j)
    .map(([m]) => m);
}

/**
 * Adds committed messages, each exactly once: it replaces the pending copy with the same
 * `clientId`, the streaming draft with the same id, or an older version of itself.
 *
 * @example
 * mergeCommitted(addPending([], 'c1', 'hi', now), [{ ...committed, clientId: 'c1' }]);
 */
export function mergeCommitted(messages: ViewMessage[], incoming: TMessage[]): ViewMessage[] {
  if (incoming.length === 0) return messages;
  const ids = new Set(incoming.map((m) => m.id));
  const clientIds = new Set(incoming.map((m) => m.clientId).filter(Boolean));
  const kept = messages.filter(
    (m) => !ids.has(m.id) && !(m.seq === 0 && m.clientId && clientIds.has(m.clientId)),
  );
  const previous = new Map(messages.map((m) => [m.id, m]));
  const added = incoming.map((m) => {
    const view = fromCommitted(m);
    const before = previous.get(m.id);
    return before?.rating ? { ...view, rating: before.rating } : view;
  });
  return order([...kept, ...added]);
}

/** Appends one streamed piece to its draft answer; repeated or stale pieces are ignored. */
export function applyDelta(
  messages: ViewMessage[],
  delta: MessageDelta,
  now: string,
): ViewMessage[] {
  const draft = messages.find((m) => m.id === delta.messageId);
  if (draft && draft.state !== 'streaming') return messages;
  if (draft && (draft.lastDelta ?? -1) >= delta.index) return messages;
  if (!draft) {
    const created: ViewMessage = {
      id: delta.messageId,
      sessionId: '',
      seq: 0,
      clientId: null,
      senderType: 'ai',
      content: delta.text,
      createdAt: now,
      state: 'streaming',
      lastDelta: delta.index,
    };
    return order([...messages, created]);
  }
  return messages.map((m) =>
    m === draft ? { ...m, content: m.content + delta.text, lastDelta: delta.index } : m,
  );
}

/** A visitor message typed locally, shown at once and sent when the connection allows. */
export function addPending(
  messages: ViewMessage[],
  pending: { clientId: string; content: string; createdAt: string },
): ViewMessage[] {
  const view: ViewMessage = {
    id: `local:${pending.clientId}`,
    sessionId: '',
    seq: 0,
    clientId: pending.clientId,
    senderType: 'visitor',
    content: pending.content,
    createdAt: pending.createdAt,
    state: 'queued',
  };
  return [...messages, view];
}

export function setDeliveryState(
  messages: ViewMessage[],
  clientId: string,
  change: { state: DeliveryState; error?: string; isFinal?: boolean },
): ViewMessage[] {
  return messages.map((m) =>
    m.seq === 0 && m.clientId === clientId
      ? { ...m, state: change.state, error: change.error, isFinal: change.isFinal }
      : m,
  );
}

export function lastSeq(messages: ViewMessage[]): number {
  return messages.reduce((max, m) => Math.max(max, m.seq), 0);
}

export function firstSeq(messages: ViewMessage[]): number {
  const seqs = messages.filter((m) => m.seq > 0).map((m) => m.seq);
  return seqs.length ? Math.min(...seqs) : 0;
}

/** Answers the visitor has not seen: from the AI, agents or the system, after `readSeq`. */
export function countUnread(messages: ViewMessage[], readSeq: number): number {
  return messages.filter((m) => m.seq > readSeq && m.senderType !== 'visitor').length;
}

/** Pending messages in the order they were typed, for the offline queue. */
export function queuedMessages(messages: ViewMessage[]): ViewMessage[] {
  return messages.filter((m) => m.seq === 0 && m.senderType === 'visitor' && m.state !== 'failed');
}
