import { answerVisitorMessage, type HistoryTurn, type PipelineDeps } from '@parley/ai';
import { selectRows, type Database } from '@parley/db';
import type { ConversationResponder } from '../conversations/conversation-responder.ts';

/** Told about each answer (metrics); must not throw. */
export interface AiAnswerObserver {
  answered(result: {
    cacheHit: boolean;
    latencyFirstTokenMs: number | null;
    latencyTotalMs: number;
  }): void;
  /** The pipeline failed (provider error or timeout), not an abort on shutdown. */
  failed(): void;
}

/** Earlier messages read for `{{history}}`; the rule's `history_turns` picks from these. */
const HISTORY_LIMIT = 20;

/**
 * The AI pipeline behind the conversations' responder seam. Streams deltas, commits the final
 * (filtered) answer with its sources. A refusal is committed like an answer (the rule's
 * message). A provider failure is rethrown: the seam commits what was streamed as incomplete,
 * then a `system` message with `AI_UNAVAILABLE`.
 */
export function createAiResponder(
  deps: PipelineDeps,
  observer?: AiAnswerObserver,
): ConversationResponder {
  return {
    async respond(input, output) {
      output.typing(true);
      const history = await loadHistory(deps.db, input.session.id, input.message.seq);
      const result = await answerVisitorMessage(
        deps,
        {
          question: input.message.content,
          widget: input.widget,
          page: input.page,
          visitor: { id: input.visitor.id, name: input.visitor.name },
          sessionId: input.session.id,
          messageId: output.messageId,
          history,
        },
        { signal: output.signal, delta: (text) => output.delta(text) },
      ).catch((error: unknown) => {
        if (!output.signal.aborted) observer?.failed();
        throw error;
      });
      observer?.answered(result);
      await output.commit({
        content: result.text,
        ...(result.sources.length > 0 ? { sources: result.sources } : {}),
        ...(result.suggestions.length > 0 ? { suggestions: result.suggestions } : {}),
      });
      // The log row and hit count are written after the answer is out (the cache-hit budget).
      await result.bookkeeping;
    },
  };
}

async function loadHistory(
  db: Database,
  sessionId: string,
  beforeSeq: number,
): Promise<HistoryTurn[]> {
  // Raw: read before every answer. Moderated messages (blocked, or rejected on review) are kept
  // for admins, never for the AI.
  const rows = await selectRows<{ sender_type: string; content: string }>(
    db,
    `SELECT sender_type, content FROM chat_messages WHERE session_id = ? AND seq < ? AND sender_type IN ('visitor', 'ai', 'agent') AND status <> 'moderated' ORDER BY seq DESC LIMIT ${HISTORY_LIMIT}`,
    [sessionId, beforeSeq],
  );
  return rows.reverse().map((row) => ({
    role:
      row.sender_type === 'visitor'
        ? 'visitor'
        : row.sender_type === 'agent'
          ? 'agent'
          : 'assistant',
    content: row.content,
  }));
}
