import type { TMessage, TSenderType, TSession, TSessionStatus } from '@parley/protocol';
import { isUniqueViolation, WriterStatementTimeout, type Database } from '@parley/db';
import type { TMessageMetadata } from './conversation-mapping.ts';
import { createGroupCommit, type Settled } from './group-commit.ts';
import type { BanCache, BanScope, BanSet } from './ban-cache.ts';
import { writeMessageBatch } from './message-batch.ts';
import type { ModerationNote } from './message-screen.ts';

export { SessionStatusRefusal } from './message-batch.ts';

export interface NewMessage {
  sessionId: string;
  senderType: TSenderType;
  senderId?: string | null;
  /** Idempotency key from the client; the same one twice stores one message. */
  clientId?: string | null;
  content: string;
  metadata?: TMessageMetadata & { moderation?: ModerationNote };
  /** `moderated`: stored for admins only (moderation blocked it). */
  status?: 'delivered' | 'moderated';
  /** Pre-allocated id, for an answer whose deltas were streamed under this id. */
  id?: string;
  /** Visitors cannot write into a closed session; staff and the system can. */
  isClosedAllowed?: boolean;
  /**
   * Session statuses that refuse this message with `SessionStatusRefusal`, checked under the
   * same lock as the write: an answer the AI finished is not stored once the session left
   * `open` (a person awaited or holding it, or closed), however late the change came.
   */
  refusedInStatus?: readonly TSessionStatus[];
  /**
   * When set, the session must belong to this visitor of this widget, else `NOT_FOUND`
   * (checked under the same lock as the write, so no extra round trip).
   */
  owner?: { visitorId: string; widgetId: string };
  /**
   * When set, a ban in force on this visitor or address refuses the message with `BANNED`
   * (checked against the ban cache, which every ban change drops at once: see `ban-cache.ts`).
   */
  banScope?: BanScope & { visitorId: string };
}

export interface CommittedMessage {
  message: TMessage;
  session: TSession;
  /** False when the clientId was seen before and the first message is returned. */
  isNew: boolean;
}

export interface MessageStore {
  commit(input: NewMessage): Promise<CommittedMessage>;
  /** Calls `listener` with the size of each batch as it is written (metrics). */
  observeBatches(listener: (size: number) => void): () => void;
}

export interface MessageStoreOptions {
  /** Most messages in one transaction. */
  maxBatchSize: number;
  /** Under load, how long a batch may wait for more messages; an idle store never waits. */
  maxWaitMs: number;
}

export const DEFAULT_MESSAGE_STORE_OPTIONS: MessageStoreOptions = {
  maxBatchSize: 500,
  maxWaitMs: 0,
};

/**
 * Writes messages with a gapless `seq` per session, by group commit (see
 * `docs/decisions/0009-group-commit.md`): messages arriving while a transaction is in flight
 * share the next one, and each caller resolves only after the transaction holding its message
 * committed. `seq` comes from `chat_sessions.last_seq` under the session's row lock (MySQL) or
 * SQLite's single writer, so it stays gapless across nodes; a rolled-back batch gives its
 * numbers back.
 */
export function createMessageStore(
  db: Database,
  bans: BanCache,
  options: MessageStoreOptions = DEFAULT_MESSAGE_STORE_OPTIONS,
): MessageStore {
  const writer = createGroupCommit<NewMessage, CommittedMessage>({
    ...options,
    flush: async (inputs) => writeIsolated(db, inputs, await bans.current()),
  });
  return {
    commit: (input) => writer.submit(input),
    observeBatches: (listener) => writer.observe(listener),
  };
}

/**
 * Writes a batch; if the transaction itself fails (a clientId stored by another node between
 * our check and our insert, a deadlock, a dropped connection), each message is written alone,
 * so one message's trouble stays its own. A lone message that lost a clientId race is written
 * once more: the second attempt finds the first copy and returns it.
 */
async function writeIsolated(
  db: Database,
  inputs: NewMessage[],
  bans: BanSet,
): Promise<Array<Settled<CommittedMessage>>> {
  try {
    return await writeMessageBatch(db, inputs, bans);
  } catch (error) {
    // The database did not answer in time: writing each message alone would wait as long again
    // for every one of them, while every other visitor's message queues behind.
    if (error instanceof WriterStatementTimeout) return inputs.map(() => ({ ok: false, error }));
    if (inputs.length > 1) {
      const results: Array<Settled<CommittedMessage>> = [];
      for (const input of inputs) results.push(...(await writeIsolated(db, [input], bans)));
      return results;
    }
    if (isUniqueViolation(error) && inputs[0]?.clientId)
      return writeMessageBatch(db, inputs, bans).catch((again: unknown) => [
        { ok: false, error: again },
      ]);
    return [{ ok: false, error }];
  }
}
