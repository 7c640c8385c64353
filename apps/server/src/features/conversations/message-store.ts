import { randomUUID } from 'node:crypto';
import { QueryTypes, Transaction, UniqueConstraintError } from 'sequelize';
import { AppError, type TMessage, type TSenderType, type TSession } from '@parley/protocol';
import type { Database } from '@parley/db';
import { titleFrom, toMessage, toSession, type TMessageMetadata } from './conversation-mapping.ts';
import type { ModerationNote } from './message-screen.ts';

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
   * When set, the session must belong to this visitor of this widget, else `NOT_FOUND`
   * (checked under the same lock as the write, so no extra round trip).
   */
  owner?: { visitorId: string; widgetId: string };
}

export interface CommittedMessage {
  message: TMessage;
  session: TSession;
  /** False when the clientId was seen before and the first message is returned. */
  isNew: boolean;
}

export interface MessageStore {
  commit(input: NewMessage): Promise<CommittedMessage>;
}

/**
 * Writes messages with a gapless `seq` per session: in one transaction, bump
 * `chat_sessions.last_seq` (the UPDATE takes the row lock on MySQL, so concurrent senders queue
 * on it), read it back, insert the message, commit. A rolled-back attempt gives its seq back.
 * On SQLite, writes go through an in-process queue: SQLite has one writer anyway, and queueing
 * here avoids its busy-wait sleeps.
 *
 * Batching (several messages per transaction) can later replace `commit` without changing its
 * callers: each caller still resolves only after its own row is committed.
 */
export function createMessageStore(db: Database): MessageStore {
  // SQLite: one writer for everything. MySQL: one writer per session in this process, so that
  // many sends to one session wait here rather than each holding a pool connection on the lock.
  const queue = createKeyedQueue();
  const queueKey = (sessionId: string) => (db.target.dialect === 'sqlite' ? '*' : sessionId);
  const findByClientId = async (input: NewMessage & { clientId: string }) => {
    const { sessionId, clientId } = input;
    const row = await db.models.ChatMessage.findOne({ where: { sessionId, clientId } });
    if (!row) return undefined;
    const session = await db.models.ChatSession.findByPk(sessionId);
    if (!session || !isOwnedBy(session, input.owner)) throw sessionNotFound();
    return { message: toMessage(row), session: toSession(session), isNew: false };
  };
  return {
    async commit(input) {
      if (input.clientId) {
        const existing = await findByClientId({ ...input, clientId: input.clientId });
        if (existing) return existing;
      }
      try {
        return await queue(queueKey(input.sessionId), () => insertWithNextSeq(db, input));
      } catch (error) {
        // Two sends of one clientId raced past the check: the unique index kept one.
        if (error instanceof UniqueConstraintError && input.clientId) {
          const existing = await findByClientId({ ...input, clientId: input.clientId });
          if (existing) return existing;
        }
        throw error;
      }
    },
  };
}

async function insertWithNextSeq(db: Database, input: NewMessage): Promise<CommittedMessage> {
  const { sequelize, models } = db;
  const options = db.target.dialect === 'sqlite' ? { type: Transaction.TYPES.IMMEDIATE } : {};
  return sequelize.transaction(options, async (transaction) => {
    const now = new Date();
    const setTitle = input.senderType === 'visitor';
    await sequelize.query(
      `UPDATE chat_sessions SET last_seq = last_seq + 1, last_message_at = :now, updated_at = :now${
        setTitle ? ', title = COALESCE(title, :title)' : ''
      } WHERE id = :id`,
      {
        replacements: { now, id: input.sessionId, title: titleFrom(input.content) },
        transaction,
        type: QueryTypes.UPDATE,
      },
    );
    const session = await models.ChatSession.findByPk(input.sessionId, { transaction });
    // Throwing rolls the bump back; a session of someone else looks like no session at all.
    if (!session || !isOwnedBy(session, input.owner)) throw sessionNotFound();
    if (session.status === 'closed' && !input.isClosedAllowed)
      throw new AppError('SESSION_CLOSED', 'This conversation is closed; start a new one');
    const row = await models.ChatMessage.create(
      {
        id: input.id ?? randomUUID(),
        sessionId: input.sessionId,
        seq: session.lastSeq,
        clientId: input.clientId ?? null,
        senderType: input.senderType,
        senderId: input.senderId ?? null,
        content: input.content,
        metadata: input.metadata && Object.keys(input.metadata).length > 0 ? input.metadata : null,
        status: input.status ?? 'delivered',
        createdAt: now,
      },
      { transaction },
    );
    return { message: toMessage(row), session: toSession(session), isNew: true };
  });
}

const sessionNotFound = () => new AppError('NOT_FOUND', 'No such session', { field: 'sessionId' });

function isOwnedBy(
  session: { visitorId: string; widgetId: string },
  owner: NewMessage['owner'],
): boolean {
  return !owner || (session.visitorId === owner.visitorId && session.widgetId === owner.widgetId);
}

/** Runs async work one at a time per key, in arrival order; idle keys are forgotten. */
function createKeyedQueue(): <T>(key: string, work: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return (key, work) => {
    const result = (tails.get(key) ?? Promise.resolve()).then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}
