import type { TMessage, TMessageSource, TSession } from '@parley/protocol';

/** The visitor as a responder may know it (no token, no secrets). */
export interface ResponderVisitor {
  id: string;
  name: string | null;
  email: string | null;
  isVerified: boolean;
}

/** The widget the conversation belongs to, with its private settings (server-side only). */
export interface ResponderWidget {
  id: string;
  widgetKey: string;
  contextMode: 'restricted' | 'open' | 'custom';
  contextName: string;
  contextRuleId: string | null;
  contextRoutes: unknown;
  /** Provider profiles in fallback order. */
  providerKeyIds: string[] | null;
  cacheTtlS: number;
  handoffEnabled: boolean;
  locale: string;
}

export interface ResponderInput {
  session: TSession;
  /** The committed visitor message to answer. */
  message: TMessage;
  visitor: ResponderVisitor;
  widget: ResponderWidget;
  /** The page the visitor is on (last `session:start`), for context routing and the prompt. */
  page: { url: string; title: string } | null;
}

export interface ResponderFinal {
  content: string;
  sources?: TMessageSource[];
  /** Follow-up questions shown as chips under the answer. */
  suggestions?: string[];
  /** The stream broke: what was said so far, marked incomplete. */
  isIncomplete?: boolean;
  /** Shown as the author ("Assistant" by default on the widget). */
  senderName?: string;
}

/**
 * How a responder talks back. Everything it sends reaches every tab of the session (and the
 * agents' inbox) through the conversation events; nothing is sent to the visitor until
 * `commit` has written it, except deltas.
 */
export interface ResponderOutput {
  /** The id the streamed answer will have once committed (`message:delta.messageId`). */
  readonly messageId: string;
  /** Aborted when the responder timed out or the server is shutting down: stop work. */
  readonly signal: AbortSignal;
  /** Shows or hides "the assistant is typing" on the widget; `commit` and the end of the run hide it. */
  typing(isTyping: boolean): void;
  /** Streams a piece of the answer (`message:delta`); call `commit` with the whole text at the end. */
  delta(text: string): void;
  /**
   * Commits the final answer as an `ai` message with id `messageId`, then tells clients
   * (`message:done` if deltas were sent, else `message:new`). Call at most once.
   */
  commit(final: ResponderFinal): Promise<TMessage>;
  /** Commits a `system` message (e.g. "an agent will join"); may be called any number of times. */
  system(content: string): Promise<TMessage>;
}

/**
 * The seam between conversations and whoever answers them (the AI pipeline of packages/ai).
 * Called after a visitor message is committed and acknowledged, unless an agent holds the
 * session (status `agent`) or it is closed. A responder that throws, or does not finish within
 * `RESPONDER_TIMEOUT_MS`, ends in a committed `system` message with code `AI_UNAVAILABLE`
 * (and its partial stream, if any, committed as an incomplete answer): never silence.
 *
 * @example
 * const echo: ConversationResponder = {
 *   async respond({ message }, output) {
 *     output.typing(true);
 *     await output.commit({ content: `You said: ${message.content}` });
 *   },
 * };
 * createServer({ config, db, logger, responder: echo });
 */
export interface ConversationResponder {
  respond(input: ResponderInput, output: ResponderOutput): Promise<void>;
}
