import { AppError, type TSession, type TSessionStatus } from '@parley/protocol';
import type { Database } from '@parley/db';
import type { DomainEvents } from '../../app/domain-events.ts';
import { toSession } from './conversation-mapping.ts';

/**
 * Where a session may go from each status (SPEC §4.3): a visitor asks for a person
 * (open→handoff); an agent takes it or is given it (open/handoff→agent, and agent→agent when it
 * changes hands); an agent hands it back to the assistant (handoff/agent→open); anyone closes it
 * (any status but closed→closed). Nothing leaves `closed`: the visitor's next start opens a new
 * session.
 */
export const SESSION_TRANSITIONS = {
  open: ['handoff', 'agent', 'closed'],
  handoff: ['agent', 'open', 'closed'],
  agent: ['agent', 'open', 'closed'],
  closed: [],
} as const satisfies Record<TSessionStatus, readonly TSessionStatus[]>;

export function canTransition(from: TSessionStatus, to: TSessionStatus): boolean {
  return (SESSION_TRANSITIONS[from] as readonly TSessionStatus[]).includes(to);
}

/** Who holds a session after a change: a staff user, an API key's bot (id null), or nobody. */
export interface SessionHolder {
  id: string | null;
  fullName: string;
}

export interface SessionChange {
  /** The statuses the caller expects it in (those that cannot reach `to` are dropped). */
  from: TSessionStatus | readonly TSessionStatus[];
  to: TSessionStatus;
  /** Who holds it afterwards; absent keeps the holder as it is. */
  holder?: SessionHolder | null;
  /**
   * Change it only if it is still held by this user (null: by nobody), as the caller read it:
   * of two agents taking the same session at once, the second finds it taken (CONFLICT).
   */
  heldBy?: string | null;
}

export type TransitionSession = (sessionId: string, change: SessionChange) => Promise<TSession>;

/**
 * The one way a session's status changes: one conditional UPDATE (`WHERE id = ? AND status IN
 * (…)`, and the holder when `heldBy` is given), so two changes racing cannot both apply. When
 * no row changed, the session is read again for the right error: NOT_FOUND, SESSION_CLOSED, or
 * CONFLICT (it moved meanwhile, or `to` cannot be reached from where it is). Publishes
 * `session:updated`, and `session:assigned` when the holder changed.
 *
 * @example
 * await transition(sessionId, { from: ['open', 'handoff'], to: 'agent', holder: agent, heldBy: null });
 */
export function createSessionTransitions(db: Database, events: DomainEvents): TransitionSession {
  const { ChatSession: Sessions } = db.models;
  return async (sessionId, { from, to, holder, heldBy }) => {
    const sources = (typeof from === 'string' ? [from] : from).filter((status) =>
      canTransition(status, to),
    );
    const assignedUserId = holder === undefined ? undefined : (holder?.id ?? null);
    const [changed] =
      sources.length === 0
        ? [0]
        : await Sessions.update(
            { status: to, ...(assignedUserId === undefined ? {} : { assignedUserId }) },
            {
              where: {
                id: sessionId,
                status: sources,
                ...(heldBy === undefined ? {} : { assignedUserId: heldBy }),
              },
            },
          );
    const row = await Sessions.findByPk(sessionId);
    if (!row) throw new AppError('NOT_FOUND', 'No such session', { field: 'sessionId' });
    if (changed === 0) {
      if (row.status === 'closed') throw new AppError('SESSION_CLOSED', 'The session is closed');
      throw new AppError(
        'CONFLICT',
        canTransition(row.status, to)
          ? 'Someone else changed this conversation just now; look again'
          : `A conversation that is ${row.status} cannot become ${to}`,
        { field: 'sessionId' },
      );
    }
    const session = toSession(row);
    events.emit('session:updated', { session });
    if (assignedUserId !== undefined && assignedUserId !== heldBy)
      events.emit('session:assigned', {
        sessionId: session.id,
        assignedUserId,
        assignedUserName: assignedUserId ? (holder?.fullName ?? null) : null,
      });
    return session;
  };
}
