import type { TMessage, TSession } from '@parley/protocol';

/**
 * Why a message was changed or hidden; kept in `chat_messages.metadata`, never sent to visitors.
 * (A type alias, not an interface, so that it fits the JSON column's index signature.)
 */
export type ModerationNote = {
  action: 'flag' | 'replace' | 'block';
  ruleIds: string[];
  /** The text as written, when `replace` changed it (admins only). */
  originalContent?: string;
};

export interface ScreenedContent {
  /** What to store and show (replaced text for `replace`). */
  content: string;
  /** Stored with status `moderated`: kept for admins, shown to nobody else, not answered. */
  isHidden: boolean;
  note?: ModerationNote;
}

/**
 * The seam through which moderation sees every visitor message and AI answer before it is
 * committed (`screen`), and every new committed one after (`afterCommit`, e.g. to file a flag).
 * Conversations work without one; `service.useScreen(screen)` installs it.
 */
export interface MessageScreen {
  screen(input: {
    senderType: 'visitor' | 'ai';
    sessionId: string;
    content: string;
  }): Promise<ScreenedContent>;
  /**
   * Whether an answer still streaming would already be blocked or changed: its later deltas are
   * then not relayed. Synchronous and cheap (it looks at the tail of the text).
   */
  isStreamUnsafe(partial: string): boolean;
  afterCommit(input: {
    session: TSession;
    message: TMessage;
    screened: ScreenedContent;
  }): Promise<void>;
}
