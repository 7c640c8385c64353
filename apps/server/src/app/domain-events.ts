import type {
  MessageDelta,
  ReadEvent,
  TFlaggedContent,
  TMessage,
  TSession,
  TSessionAssigned,
  TypingEvent,
} from '@parley/protocol';
import type { Logger } from '../logging/create-logger.ts';
import { createTypedEvents, type TypedEvents } from './typed-events.ts';

/**
 * Everything that happened in the domain, after the fact, on one bus shared by every feature:
 * services publish; gateways turn events into socket emits (to Socket.IO rooms, which the
 * adapter carries to other nodes), webhooks and scale-out forward them. Events are local to
 * this node. Each event is named once here, with one payload.
 */
export interface DomainEventMap {
  // Conversations ------------------------------------------------------------------------------
  /** A message is committed. `streamed`: `message:delta`s preceded it (send `message:done`). */
  'message:committed': { session: TSession; message: TMessage; streamed: boolean };
  /** A piece of an answer being streamed; not stored until `message:committed`. */
  'message:delta': { sessionId: string; delta: MessageDelta };
  'message:updated': { sessionId: string; message: TMessage };
  'message:read': ReadEvent;
  typing: TypingEvent;
  /** A visitor opened a new session (the inbox shows it). */
  'session:created': { session: TSession };
  /** Status, title or assignment changed. */
  'session:updated': { session: TSession };
  'handoff:requested': { session: TSession };
  /** Who holds a session changed (take over, assign, hand back, close); staff only. */
  'session:assigned': TSessionAssigned;
  /** A widget's settings changed (dashboard): open widgets refetch their config. */
  'widget:updated': { widgetId: string; widgetKey: string };
  /** A visitor rated a message (first time or changed). */
  'feedback:recorded': {
    sessionId: string;
    messageId: string;
    visitorId: string;
    rating: 'up' | 'down';
    comment: string | null;
  };
  /** The host page identified its visitor (`identify`); `visitorId` is the resulting visitor. */
  'visitor:identified': { visitorId: string; widgetId: string };

  // Moderation ---------------------------------------------------------------------------------
  /**
   * A visitor was banned (dashboard, REST or a review): their widgets get the BANNED notice,
   * then their connections close; answers being written to them stop. `expiresAt` null: for good.
   */
  'visitor:banned': { visitorId: string; expiresAt: Date | null };
  /**
   * An address was banned (`addressKey` as `clientAddressKey` gives it): every widget connected
   * from it gets the BANNED notice, then closes, whichever visitor it is.
   */
  'address:banned': { addressKey: string; expiresAt: Date | null };
  /** `user_bans` was written on this node (a ban issued, changed or lifted): caches drop theirs. */
  'bans:changed': Record<string, never>;
  /** The `/admin` gateway forwards it to staff as `flag:new`. */
  'flag:created': { flag: TFlaggedContent };
  'flag:reviewed': { flag: TFlaggedContent };
  /**
   * `moderation_rules` was written on this node (any path). With several nodes, broadcast it and
   * call `cache.invalidate()` on the others (not `rulesChanged`, which would echo it back).
   */
  'rules:changed': { at: Date };
}

export type DomainEvents = TypedEvents<DomainEventMap>;

/**
 * The one bus of a server; `createServer` makes it and hands it to every feature.
 *
 * @example
 * const events = createDomainEvents(logger);
 * const off = events.on('message:committed', ({ session, message }) => relay(session.id, message));
 */
export function createDomainEvents(logger: Logger): DomainEvents {
  return createTypedEvents<DomainEventMap>(logger, 'domain');
}
