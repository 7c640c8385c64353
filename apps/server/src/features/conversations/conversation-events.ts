import type {
  MessageDelta,
  ReadEvent,
  TMessage,
  TSession,
  TSessionAssigned,
  TypingEvent,
} from '@parley/protocol';
import { createTypedEvents, type TypedEvents } from '../../app/typed-events.ts';
import type { Logger } from '../../logging/create-logger.ts';

/**
 * What happened in conversations, after the fact. The service publishes; gateways (`/widget`
 * here, `/admin` elsewhere) turn events into socket emits. Events are local to this node: a
 * gateway emits to Socket.IO rooms, and the Socket.IO adapter carries them to other nodes.
 */
export interface ConversationEventMap {
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
  /** A ban was issued: the visitor's open connections are closed (reconnecting gives BANNED). */
  'visitor:banned': { visitorId: string };
  /** `user_bans` was written on this node (a ban issued, changed or lifted): caches drop theirs. */
  'bans:changed': Record<string, never>;
}

export type ConversationEvents = TypedEvents<ConversationEventMap>;

/**
 * @example
 * const off = events.on('message:committed', ({ session, message }) => io.to(room(session.id)).emit('message:new', message));
 */
export function createConversationEvents(logger: Logger): ConversationEvents {
  return createTypedEvents<ConversationEventMap>(logger, 'conversation');
}
