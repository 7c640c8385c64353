import type { Database } from '@parley/db';
import { AppError, type TSession } from '@parley/protocol';
import type { DomainEvents } from '../../app/domain-events.ts';
import type { WebhookOutbox } from './webhook-outbox.ts';

/**
 * Turns conversation events into webhook events, without touching the code that emits them:
 * `session:created` → `conversation.created`, `message:committed` → `message.created`,
 * `handoff:requested`, `session:updated` to `agent` → `conversation.assigned` and to `closed`
 * → `conversation.closed`, `feedback:recorded` → `feedback.created`, `visitor:identified`.
 * Returns the function that unsubscribes.
 */
export function forwardDomainEvents(parts: {
  db: Database;
  events: DomainEvents;
  outbox: WebhookOutbox;
}): () => void {
  const { db, events, outbox } = parts;
  const offs = [
    events.on('session:created', ({ session }) =>
      outbox.enqueue({
        event: 'conversation.created',
        orderingKey: session.id,
        data: () => ({ conversation: session }),
      }),
    ),
    events.on('message:committed', ({ session, message }) =>
      outbox.enqueue({
        event: 'message.created',
        orderingKey: session.id,
        data: () => ({ conversation: session, message }),
      }),
    ),
    events.on('handoff:requested', ({ session }) =>
      outbox.enqueue({
        event: 'handoff.requested',
        orderingKey: session.id,
        data: () => ({ conversation: session }),
      }),
    ),
    events.on('session:updated', ({ session }) => {
      if (session.status === 'agent')
        outbox.enqueue({
          event: 'conversation.assigned',
          orderingKey: session.id,
          data: async () => ({ conversation: session, assignee: await assignee(db, session) }),
        });
      if (session.status === 'closed')
        outbox.enqueue({
          event: 'conversation.closed',
          orderingKey: session.id,
          data: () => ({ conversation: session }),
        });
    }),
    events.on('feedback:recorded', (feedback) =>
      outbox.enqueue({
        event: 'feedback.created',
        orderingKey: feedback.sessionId,
        data: () => ({
          feedback: {
            messageId: feedback.messageId,
            conversationId: feedback.sessionId,
            visitorId: feedback.visitorId,
            rating: feedback.rating,
            comment: feedback.comment,
          },
        }),
      }),
    ),
    events.on('visitor:identified', ({ visitorId }) =>
      outbox.enqueue({
        event: 'visitor.identified',
        orderingKey: null,
        data: async () => {
          const visitor = await db.models.Visitor.findByPk(visitorId);
          if (!visitor) throw new AppError('NOT_FOUND', 'The identified visitor is gone');
          return {
            visitor: {
              id: visitor.id,
              widgetId: visitor.widgetId,
              externalId: visitor.externalId,
              isVerified: visitor.isVerified,
              name: visitor.name,
              email: visitor.email,
            },
          };
        },
      }),
    ),
  ];
  return () => offs.forEach((off) => off());
}

/** Who holds the conversation now: a staff user, or nobody named (an API key's bot). */
async function assignee(
  db: Database,
  session: TSession,
): Promise<{ id: string | null; name: string | null }> {
  const row = await db.models.ChatSession.findByPk(session.id, {
    attributes: ['assignedUserId'],
    include: [{ association: 'assignedUser', attributes: ['id', 'fullName'] }],
  });
  const user = row?.assignedUser;
  return user ? { id: user.id, name: user.fullName } : { id: null, name: null };
}
