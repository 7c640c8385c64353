import { v7 } from 'uuid';
import pLimit from 'p-limit';
import { AppError, ZSessionStatusSchema, type TMessage, type TSession } from '@parley/protocol';
import type { InFlightWork } from '../../app/in-flight-work.ts';
import type { Logger } from '../../logging/create-logger.ts';
import type { DomainEvents } from '../../app/domain-events.ts';
import type {
  ConversationResponder,
  ResponderFinal,
  ResponderInput,
  ResponderOutput,
} from './conversation-responder.ts';
import type { TMessageMetadata } from './conversation-mapping.ts';
import type { MessageScreen } from './message-screen.ts';
import { SessionStatusRefusal, type MessageStore } from './message-store.ts';

export const ANSWER_WITHHELD_TEXT = 'The assistant’s answer was withheld by moderation.';

export const AI_UNAVAILABLE_TEXT =
  'Sorry, the assistant cannot answer right now. Please try again in a moment, or ask for a person.';

/**
 * Answers computed at once on a node; the rest wait their turn. Without a bound, a burst of
 * questions started hundreds of answers whose reads filled the database driver's thread pool,
 * and visitors' message commits (their acks) queued behind them (profiled under `pnpm bench`).
 */
const MAX_CONCURRENT_ANSWERS = 16;

export interface ReplyDispatcher {
  /** Whether the AI answers in this session now (a responder exists; no person awaited or holding it). */
  willAnswer(session: TSession): boolean;
  /**
   * Decides who answers a committed visitor message and, if it is the AI, runs the responder.
   * One answer runs at a time per session; a question arriving meanwhile waits, and a newer one
   * replaces it (the earlier questions reach the responder as history).
   */
  dispatch(question: QuestionToAnswer): void;
  /** Stops the session's running answer on purpose (the visitor left): no failure notice. */
  stopSession(sessionId: string, why: string): void;
  /** Stops every answer running for the visitor on this node (a ban), likewise silently. */
  stopVisitor(visitorId: string, why: string): void;
  /**
   * Shutdown: stops every answer, running or waiting, as silently as `stopSession` (what was
   * streamed is kept, marked incomplete; no failure notice, no error logged: the widget
   * reconnects and the visitor may ask again). Resolves once every stopped run has finished
   * its last writes, so the database can close after it.
   */
  abortAll(): Promise<void>;
}

/**
 * The abort reason when a person takes the session over, closes it, or the visitor leaves: the
 * AI stops at once, keeps what it already streamed (marked incomplete) and, unlike a failure,
 * says nothing more.
 */
export class ResponderSilenced extends Error {
  override name = 'ResponderSilenced';
}

/** A committed visitor question; what the responder needs besides is loaded only if it runs. */
export interface QuestionToAnswer {
  session: TSession;
  message: TMessage;
  /**
   * Loads the rest of the responder's input (the visitor) when this question's turn comes, and
   * reads whether the AI may still answer (no agent holds the session, not closed, the visitor
   * not banned): the reason to stay silent, or `null`. A stop published by another node can
   * arrive before this node registers its run, or be lost; this read does not depend on it.
   */
  prepare(): Promise<
    { input: ResponderInput; silenceReason: string | null } | { silenceReason: string }
  >;
}

/**
 * Statuses in which a finished answer is not stored (checked under the write's lock): every one
 * but `open`, the only status the AI answers in (`willAnswer`).
 */
const SILENT_STATUSES = ZSessionStatusSchema.options.filter((status) => status !== 'open');

/** A session's answers: whether one is under way, and the newest question waiting for it. */
interface SessionTurn {
  waiting: QuestionToAnswer | undefined;
}

interface DispatcherParts {
  responder: ConversationResponder | undefined;
  /** Moderation, when installed: every answer passes through it before commit. */
  screen: () => MessageScreen | undefined;
  store: MessageStore;
  events: DomainEvents;
  inFlight: InFlightWork;
  logger: Logger;
  timeoutMs: number;
}

/**
 * Who answers: while a person is awaited (`handoff`), an agent holds the session (`agent`) or
 * it is `closed`, the AI stays silent; otherwise the responder runs. Its failures are contained here: the visitor always
 * ends up with an answer, a partial answer marked incomplete, or an `AI_UNAVAILABLE` notice.
 */
export function createReplyDispatcher(parts: DispatcherParts): ReplyDispatcher {
  const running = new Map<AbortController, { sessionId: string; visitorId: string }>();
  /** Every answer not finished yet (running or waiting for a slot), for a shutdown to await. */
  const unfinished = new Set<Promise<void>>();
  // While a person is awaited (`handoff`) the assistant is quiet too: the visitor asked for a
  // person, and an answer from the AI would talk over them.
  const willAnswer = (session: TSession) =>
    parts.responder !== undefined && session.status === 'open';
  const turns = new Map<string, SessionTurn>();
  /** Stops the matching answers, running or waiting their turn. */
  const stopRuns = (
    why: string,
    matches: (run: { sessionId: string; visitorId: string }) => boolean,
  ) => {
    for (const turn of turns.values()) {
      const waiting = turn.waiting?.session;
      if (waiting && matches({ sessionId: waiting.id, visitorId: waiting.visitorId }))
        turn.waiting = undefined;
    }
    for (const [controller, run] of running) {
      if (matches(run)) controller.abort(new ResponderSilenced(why));
    }
  };
  const stopSession = (sessionId: string, why: string) =>
    stopRuns(why, (run) => run.sessionId === sessionId);
  const stopVisitor = (visitorId: string, why: string) =>
    stopRuns(why, (run) => run.visitorId === visitorId);
  parts.events.on('session:updated', ({ session }) => {
    if (!willAnswer(session)) stopSession(session.id, `session is ${session.status}`);
  });
  parts.events.on('visitor:banned', ({ visitorId }) => stopVisitor(visitorId, 'visitor banned'));
  const answerInTurn = pLimit(MAX_CONCURRENT_ANSWERS);
  /** Answers one question, once a slot is free; resolves when its run is over. */
  const answer = (responder: ConversationResponder, question: QuestionToAnswer) => {
    const controller = new AbortController();
    running.set(controller, {
      sessionId: question.session.id,
      visitorId: question.session.visitorId,
    });
    // Stopped while waiting its turn (taken over, banned, shutdown): it never starts.
    const run = answerInTurn(() =>
      controller.signal.aborted
        ? Promise.resolve()
        : runResponder(parts, { responder, question, controller }),
    ).finally(() => {
      running.delete(controller);
      unfinished.delete(run);
    });
    unfinished.add(run);
    return run;
  };
  /** Answers a session's questions one after another, each time the newest one waiting. */
  const answerSession = async (responder: ConversationResponder, first: QuestionToAnswer) => {
    const sessionId = first.session.id;
    const turn: SessionTurn = { waiting: undefined };
    turns.set(sessionId, turn);
    try {
      for (let next: QuestionToAnswer | undefined = first; next;) {
        await answer(responder, next);
        next = turn.waiting;
        turn.waiting = undefined;
      }
    } finally {
      turns.delete(sessionId);
    }
  };
  return {
    willAnswer,
    dispatch(question) {
      const { responder } = parts;
      if (!responder || !willAnswer(question.session)) return;
      const turn = turns.get(question.session.id);
      // Questions sent while the assistant is still answering get one answer, to the newest:
      // without this, a visitor typing faster than answers come queued answers without end.
      if (turn) turn.waiting = question;
      else void answerSession(responder, question);
    },
    stopSession,
    stopVisitor,
    async abortAll() {
      stopRuns('server shutting down', () => true);
      await Promise.allSettled([...unfinished]);
    },
  };
}

async function runResponder(
  parts: DispatcherParts,
  run: {
    responder: ConversationResponder;
    question: QuestionToAnswer;
    controller: AbortController;
  },
): Promise<void> {
  const { responder, question, controller } = run;
  let prepared: Awaited<ReturnType<QuestionToAnswer['prepare']>>;
  try {
    // Read after the run is registered, so a stop that lands later still aborts it.
    prepared = await question.prepare();
  } catch (error) {
    parts.logger.error(
      { err: error, sessionId: question.session.id },
      'could not prepare an answer',
    );
    return;
  }
  // Nothing to answer to (the session is gone): nothing was started, nothing to take back.
  if (!('input' in prepared)) return;
  const { input, silenceReason } = prepared;
  const output = createOutput(parts, input, controller);
  const timer = setTimeout(
    () => controller.abort(new Error('responder timed out')),
    parts.timeoutMs,
  );
  try {
    if (silenceReason !== null) controller.abort(new ResponderSilenced(silenceReason));
    await Promise.race([responder.respond(input, output), rejectOnAbort(controller.signal)]);
    if (!output.state.committed && output.state.streamed)
      throw new Error('responder streamed but never committed');
  } catch (error) {
    const isSilenced = controller.signal.reason instanceof ResponderSilenced;
    if (!isSilenced)
      parts.logger.warn({ err: error, sessionId: input.session.id }, 'responder failed');
    await recoverFromFailure(parts, { input, output, isSilenced }).catch((recoveryError: unknown) =>
      parts.logger.error(
        { err: recoveryError, sessionId: input.session.id },
        'could not record responder failure',
      ),
    );
  } finally {
    clearTimeout(timer);
    if (output.state.isTyping) output.typing(false);
  }
}

type OutputWithState = ResponderOutput & {
  state: {
    committed: boolean;
    streamed: boolean;
    isTyping: boolean;
    partial: string;
    isWithheld: boolean;
  };
};

function createOutput(
  parts: DispatcherParts,
  input: ResponderInput,
  controller: AbortController,
): OutputWithState {
  const { signal } = controller;
  const sessionId = input.session.id;
  const messageId = v7();
  const state = {
    committed: false,
    streamed: false,
    isTyping: false,
    partial: '',
    isWithheld: false,
  };
  let index = 0;
  const commitAs = async (final: ResponderFinal, isStreamed: boolean): Promise<TMessage> => {
    const message = await commitAnswer(parts, {
      id: messageId,
      sessionId,
      unlessSilenced: { visitorId: input.visitor.id },
      onStored: () => {
        state.committed = true;
      },
      content: final.content,
      metadata: {
        sources: final.sources,
        suggestions: final.suggestions,
        isIncomplete: final.isIncomplete,
        senderName: final.senderName,
      },
      isStreamed,
    });
    return message;
  };
  const typing = (isTyping: boolean) => {
    state.isTyping = isTyping;
    parts.events.emit('typing', { sessionId, actor: 'ai', isTyping });
  };
  return {
    messageId,
    signal,
    state,
    typing,
    delta(text) {
      if (state.committed || signal.aborted) return;
      state.streamed = true;
      state.partial += text;
      // Once the text so far would be blocked or replaced, the rest streams to nobody: the
      // committed (screened) answer replaces the bubble in `message:done`.
      state.isWithheld ||= parts.screen()?.isStreamUnsafe(state.partial) ?? false;
      if (state.isWithheld) return;
      parts.events.emit('message:delta', { sessionId, delta: { messageId, index: index++, text } });
    },
    async commit(final) {
      if (state.committed) throw new Error('the answer was already committed');
      if (signal.aborted) throw new Error('the responder was aborted');
      let message: TMessage;
      try {
        message = await commitAs(final, state.streamed);
      } catch (error) {
        // As a takeover does: what was streamed is kept (marked incomplete), the rest is dropped.
        if (!(error instanceof ResponderSilenced)) throw error;
        controller.abort(error);
        throw new Error(`the answer was not committed: ${error.message}`);
      }
      // The indicator goes off with the answer (one write to each tab), not once the run's
      // bookkeeping is written.
      if (state.isTyping) typing(false);
      return message;
    },
    system: (content) => commitSystem(parts, { sessionId, content }),
  };
}

/**
 * Commits an AI answer after moderation has screened it (when installed) and publishes it. A
 * withheld answer is stored `moderated`; a streamed bubble is closed by the empty moderated
 * message, and a `system` notice tells the visitor.
 */
async function commitAnswer(
  parts: DispatcherParts,
  answer: {
    id: string;
    sessionId: string;
    content: string;
    metadata: TMessageMetadata;
    isStreamed: boolean;
    /**
     * The store refuses the answer (a `ResponderSilenced` saying why) if the session, read under
     * the write's lock, is no longer `open`, or this visitor is banned (the ban cache). What was
     * streamed before a stop is stored without it.
     */
    unlessSilenced?: { visitorId: string };
    /** Called as soon as the row is stored, before the steps after it. */
    onStored?: () => void;
  },
): Promise<TMessage> {
  const { sessionId, isStreamed } = answer;
  const screen = parts.screen();
  const screened = await screen?.screen({ senderType: 'ai', sessionId, content: answer.content });
  const committed = await parts.inFlight
    .run(() =>
      parts.store.commit({
        id: answer.id,
        sessionId,
        senderType: 'ai',
        content: screened?.content ?? answer.content,
        metadata: { ...answer.metadata, ...(screened?.note ? { moderation: screened.note } : {}) },
        ...(screened?.isHidden ? { status: 'moderated' as const } : {}),
        isClosedAllowed: true,
        ...(answer.unlessSilenced
          ? {
              refusedInStatus: SILENT_STATUSES,
              banScope: { visitorId: answer.unlessSilenced.visitorId, ip: undefined },
            }
          : {}),
      }),
    )
    .catch((error: unknown) => {
      const reason = answer.unlessSilenced ? silenceReasonOf(error) : null;
      throw reason === null ? error : new ResponderSilenced(reason);
    });
  answer.onStored?.();
  const { message, session } = committed;
  if (screened) await screen?.afterCommit({ ...committed, screened });
  if (!screened?.isHidden || isStreamed)
    parts.events.emit('message:committed', { session, message, streamed: isStreamed });
  if (screened?.isHidden)
    await commitSystem(parts, {
      sessionId,
      content: ANSWER_WITHHELD_TEXT,
      code: 'BLOCKED_BY_MODERATION',
    });
  return message;
}

/** Why the store refused an answer it was told to refuse when the AI must be silent, or `null`. */
function silenceReasonOf(error: unknown): string | null {
  if (error instanceof SessionStatusRefusal) return `session is ${error.status}`;
  if (error instanceof AppError && error.code === 'BANNED') return 'visitor banned';
  if (error instanceof AppError && error.code === 'NOT_FOUND') return 'session is gone';
  return null;
}

async function recoverFromFailure(
  parts: DispatcherParts,
  run: { input: ResponderInput; output: OutputWithState; isSilenced: boolean },
): Promise<void> {
  const { input, output } = run;
  const { state } = output;
  if (!state.committed && state.partial.trim() !== '') {
    await commitAnswer(parts, {
      id: output.messageId,
      sessionId: input.session.id,
      content: state.partial,
      metadata: { isIncomplete: true },
      isStreamed: true,
    });
    state.committed = true;
  }
  if (run.isSilenced) return;
  await commitSystem(parts, {
    sessionId: input.session.id,
    content: AI_UNAVAILABLE_TEXT,
    code: 'AI_UNAVAILABLE',
  });
}

async function commitSystem(
  parts: DispatcherParts,
  notice: { sessionId: string; content: string; code?: 'AI_UNAVAILABLE' | 'BLOCKED_BY_MODERATION' },
): Promise<TMessage> {
  const { sessionId, content, code } = notice;
  const { message, session } = await parts.inFlight.run(() =>
    parts.store.commit({
      sessionId,
      senderType: 'system',
      content,
      metadata: code ? { code } : {},
      isClosedAllowed: true,
    }),
  );
  parts.events.emit('message:committed', { session, message, streamed: false });
  return message;
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}
