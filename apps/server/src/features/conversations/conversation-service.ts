import { isHandoffRequest } from '@parley/ai';
import { AppError, type TMessage, type TSession } from '@parley/protocol';
import { selectRows, type Database, type WidgetConfig } from '@parley/db';
import type { InFlightWork } from '../../app/in-flight-work.ts';
import type { Logger } from '../../logging/create-logger.ts';
import type { BanCache } from './ban-cache.ts';
import type { DomainEvents } from '../../app/domain-events.ts';
import type {
  ConversationResponder,
  ResponderVisitor,
  ResponderWidget,
} from './conversation-responder.ts';
import type { MessageScreen } from './message-screen.ts';
import {
  createMessageStore,
  type CommittedMessage,
  type MessageStore,
  type MessageStoreOptions,
} from './message-store.ts';
import { assertMessageContent } from './message-content.ts';
import { createReplyDispatcher, type ReplyDispatcher } from './reply-dispatcher.ts';
import { createSessionTransitions, type TransitionSession } from './session-transitions.ts';
import { createSessionService, type SessionService, type VisitorScope } from './session-service.ts';
import type { VisitorService } from './visitor-service.ts';
import type { WidgetService } from '../widgets/widget-service.ts';

export interface ConversationService {
  sessions: SessionService;
  store: MessageStore;
  dispatcher: ReplyDispatcher;
  /**
   * A visitor's message: checked, committed (seq allocated), published, and handed to whoever
   * answers. Resolves only after the commit; the same clientId again resolves with the first
   * message and stores nothing.
   */
  sendVisitorMessage(input: SendVisitorMessage): Promise<TMessage>;
  /**
   * A message from staff or the system (agents' replies, notices), committed and published to
   * every tab of the session and to the inbox. Used by the `/admin` gateway.
   */
  appendMessage(input: AppendMessage): Promise<{ message: TMessage; session: TSession }>;
  /** What a person writes (visitor or agent): not empty, within MAX_MESSAGE_LENGTH; throws why. */
  checkContent(content: string): void;
  /** Moves a session between statuses (the one write of `chat_sessions.status`). */
  transition: TransitionSession;
  /** Installs moderation: visitor messages and AI answers pass through `screen` before commit. */
  useScreen(screen: MessageScreen): void;
}

export interface SendVisitorMessage {
  scope: VisitorScope;
  ip: string | undefined;
  sessionId: string;
  clientId: string;
  content: string;
}

export interface AppendMessage {
  sessionId: string;
  senderType: 'agent' | 'system';
  senderId?: string | null;
  senderName?: string;
  clientId?: string | null;
  content: string;
}

interface ConversationParts {
  db: Database;
  events: DomainEvents;
  visitors: VisitorService;
  widgets: WidgetService;
  /** Bans in force, from memory (dropped on every change): every message checks its sender. */
  bans: BanCache;
  inFlight: InFlightWork;
  logger: Logger;
  responder: ConversationResponder | undefined;
  maxMessageLength: number;
  responderTimeoutMs: number;
  /** Group commit bounds for the message store. */
  batching?: MessageStoreOptions;
}

export function createConversationService(parts: ConversationParts): ConversationService {
  const { db, events, inFlight, logger } = parts;
  const store = createMessageStore(db, parts.bans, parts.batching);
  const transition = createSessionTransitions(db, events);
  const sessions = createSessionService(db, events, transition);
  let screen: MessageScreen | undefined;
  const dispatcher = createReplyDispatcher({
    screen: () => screen,
    responder: parts.responder,
    store,
    events,
    inFlight,
    logger,
    timeoutMs: parts.responderTimeoutMs,
  });

  const service: ConversationService = {
    sessions,
    store,
    dispatcher,
    transition,
    checkContent: (content) => assertMessageContent(content, parts.maxMessageLength),
    async sendVisitorMessage({ scope, ip, sessionId, clientId, content }) {
      service.checkContent(content);
      const screened = await screen?.screen({ senderType: 'visitor', sessionId, content });
      const committed = await inFlight.run(() =>
        store.commit({
          sessionId,
          senderType: 'visitor',
          senderId: scope.visitorId,
          clientId,
          content: screened?.content ?? content,
          owner: scope,
          banScope: { visitorId: scope.visitorId, ip },
          ...(screened?.note ? { metadata: { moderation: screened.note } } : {}),
          ...(screened?.isHidden ? { status: 'moderated' as const } : {}),
        }),
      );
      if (committed.isNew && screened) await screen?.afterCommit({ ...committed, screened });
      // Kept for admins; nobody else sees it and the AI does not answer it (a retry says the same).
      if (committed.message.status === 'moderated')
        throw new AppError('BLOCKED_BY_MODERATION', 'This message was blocked by moderation');
      if (!committed.isNew) return committed.message;
      events.emit('message:committed', {
        session: committed.session,
        message: committed.message,
        streamed: false,
      });
      // The ack does not wait for the answer: loading what the responder needs runs after it.
      if (dispatcher.willAnswer(committed.session))
        void handToResponder(parts, { dispatcher, sessions, committed, scope }).catch(
          (error: unknown) =>
            logger.error({ err: error, sessionId }, 'could not hand the message to the responder'),
        );
      return committed.message;
    },
    async appendMessage({ sessionId, senderType, senderId, senderName, clientId, content }) {
      const committed = await inFlight.run(() =>
        store.commit({
          sessionId,
          senderType,
          senderId: senderId ?? null,
          clientId: clientId ?? null,
          content,
          metadata: senderName ? { senderName } : {},
          isClosedAllowed: senderType === 'system',
        }),
      );
      if (committed.isNew)
        events.emit('message:committed', {
          session: committed.session,
          message: committed.message,
          streamed: false,
        });
      return { message: committed.message, session: committed.session };
    },
    useScreen(next) {
      screen = next;
    },
  };
  // Said once per handoff, when the session turns to `handoff` (the button or the words), if the
  // widget says so; otherwise the assistant simply waits quietly with the visitor.
  events.on('handoff:requested', ({ session }) => {
    void parts.widgets
      .findActiveById(session.widgetId)
      .then(async ({ handoffWaitingMessage }) => {
        if (handoffWaitingMessage)
          await service.appendMessage({
            sessionId: session.id,
            senderType: 'system',
            content: handoffWaitingMessage,
          });
      })
      .catch((error: unknown) =>
        logger.error({ err: error, sessionId: session.id }, 'could not say a person is awaited'),
      );
  });
  return service;
}

async function handToResponder(
  parts: ConversationParts,
  input: {
    dispatcher: ReplyDispatcher;
    sessions: SessionService;
    committed: CommittedMessage;
    scope: VisitorScope;
  },
): Promise<void> {
  const { session, message } = input.committed;
  // From memory (forgotten on every widget change): this runs for every visitor message.
  const widget = await parts.widgets.findActiveById(input.scope.widgetId);
  // "Can I talk to a person?" is the handoff button in words (issue #12), whatever the context
  // mode: it hands off, and the assistant, quiet while a person is awaited, does not answer it.
  if (widget?.handoffEnabled && session.status === 'open' && isHandoffRequest(message.content)) {
    await input.sessions.requestHandoff(input.scope, session.id);
    return;
  }
  input.dispatcher.dispatch({
    session,
    message,
    // Read when the answer starts: a question replaced by a newer one never reads it.
    async prepare() {
      const found = await readAnswerContext(parts.db, session.id);
      if (!found) return { silenceReason: 'session is gone' };
      return {
        input: {
          session,
          message,
          visitor: found.visitor,
          widget: toResponderWidget(widget),
          page: session.pageUrl ? { url: session.pageUrl, title: session.pageTitle ?? '' } : null,
        },
        silenceReason: await silenceReasonOf(parts.visitors, found.status, found.visitor.id),
      };
    },
  });
}

/**
 * The session's status and its visitor (the session's own: `identify` may have moved it to
 * another visitor since the question) as the responder sees them, in one read taken before every
 * answer (raw SQL, on SQLite on the reader connection).
 */
async function readAnswerContext(
  db: Database,
  sessionId: string,
): Promise<{ status: string; visitor: ResponderVisitor } | undefined> {
  const [row] = await selectRows<{
    status: string;
    visitor_id: string;
    name: string | null;
    email: string | null;
    is_verified: number | boolean;
  }>(
    db,
    'SELECT s.status, s.visitor_id, v.name, v.email, v.is_verified FROM chat_sessions s JOIN visitors v ON v.id = s.visitor_id WHERE s.id = ?',
    [sessionId],
  );
  if (!row) return undefined;
  const { name, email } = row;
  const visitor = { id: row.visitor_id, name, email, isVerified: Boolean(row.is_verified) };
  return { status: row.status, visitor };
}

/** Why the AI must stay silent in a session of this status for this visitor, or `null`. */
async function silenceReasonOf(
  visitors: Pick<VisitorService, 'assertNotBanned'>,
  status: string,
  visitorId: string,
): Promise<string | null> {
  // The AI answers open sessions only (the dispatcher's `willAnswer`).
  if (status !== 'open') return `session is ${status}`;
  return visitors.assertNotBanned({ visitorId, ip: undefined }).then(
    () => null,
    (error: unknown) => {
      if (error instanceof AppError && error.code === 'BANNED') return 'visitor banned';
      throw error;
    },
  );
}

function toResponderWidget(widget: WidgetConfig): ResponderWidget {
  return {
    id: widget.id,
    widgetKey: widget.widgetKey,
    contextMode: widget.contextMode,
    contextName: widget.contextName,
    contextRuleId: widget.contextRuleId,
    contextRoutes: widget.contextRoutes,
    providerKeyIds: widget.providerKeyIds,
    cacheTtlS: widget.cacheTtlS,
    handoffEnabled: widget.handoffEnabled,
    locale: widget.locale,
  };
}
