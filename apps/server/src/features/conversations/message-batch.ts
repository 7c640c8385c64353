import { randomUUID } from 'node:crypto';
import { Op, QueryTypes, Transaction, type InferCreationAttributes } from 'sequelize';
import { AppError } from '@parley/protocol';
import { sqlDateTime, type ChatMessage, type ChatSession, type Database } from '@parley/db';
import { titleFrom, toMessage, toSession } from './conversation-mapping.ts';
import type { Settled } from './group-commit.ts';
import type { CommittedMessage, NewMessage } from './message-store.ts';
import { clientAddressKey } from '../../http/client-address-key.ts';
import { BANNED_MESSAGE } from './visitor-service.ts';

type MessageRow = InferCreationAttributes<ChatMessage> & { id: string };

/** A session as the batch sees it: locked, then advanced by each message it accepts. */
interface SessionState {
  row: ChatSession;
  lastSeq: number;
  title: string | null;
  newTitle: string | null;
  isTouched: boolean;
}

/** One message's place in the batch: an error, a new row, or the first copy of its clientId. */
type Outcome =
  | { kind: 'error'; error: unknown }
  | { kind: 'new'; row: MessageRow; state: SessionState }
  | { kind: 'existing'; message: ChatMessage; state: SessionState }
  | { kind: 'same-as'; index: number; state: SessionState };

/**
 * Writes a batch of messages in one transaction: lock every session of the batch (in id order,
 * so two nodes never deadlock), find clientIds already stored, give each accepted message the
 * next `seq` of its session, insert all rows in one statement, move every session's `last_seq`
 * in one statement, commit. A message that fails its own checks (unknown or foreign session,
 * closed session) gets its error and takes no seq; the others go on.
 */
export async function writeMessageBatch(
  db: Database,
  inputs: NewMessage[],
): Promise<Array<Settled<CommittedMessage>>> {
  const { sequelize, models } = db;
  const isSqlite = db.target.dialect === 'sqlite';
  const options = isSqlite ? { type: Transaction.TYPES.IMMEDIATE } : {};
  return sequelize.transaction(options, async (transaction) => {
    const now = new Date();
    const sessionIds = [...new Set(inputs.map((input) => input.sessionId))].sort();
    // SQLite's IMMEDIATE transaction already holds the one write lock; MySQL locks the rows.
    const sessions = await models.ChatSession.findAll({
      where: { id: sessionIds },
      order: [['id', 'ASC']],
      transaction,
      ...(isSqlite ? {} : { lock: transaction.LOCK.UPDATE }),
    });
    const stored = await findStoredClientIds(db, inputs, transaction);
    const isBanned = await findBans(db, inputs, { now, transaction });
    const states = new Map(
      sessions.map((row): [string, SessionState] => [
        row.id,
        { row, lastSeq: row.lastSeq, title: row.title, newTitle: null, isTouched: false },
      ]),
    );
    const firstOfClientId = new Map<string, number>();
    const outcomes = inputs.map((input, index): Outcome => {
      if (isBanned(input))
        return {
          kind: 'error',
          error: new AppError('BANNED', BANNED_MESSAGE),
        };
      const state = states.get(input.sessionId);
      // A session of someone else looks like no session at all.
      if (!state || !isOwnedBy(state.row, input.owner))
        return { kind: 'error', error: sessionNotFound() };
      const key = input.clientId ? clientIdKey(input.sessionId, input.clientId) : undefined;
      const existing = key ? stored.get(key) : undefined;
      if (existing) return { kind: 'existing', message: existing, state };
      const first = key ? firstOfClientId.get(key) : undefined;
      if (first !== undefined) return { kind: 'same-as', index: first, state };
      if (state.row.status === 'closed' && !input.isClosedAllowed)
        return {
          kind: 'error',
          error: new AppError('SESSION_CLOSED', 'This conversation is closed; start a new one'),
        };
      if (key) firstOfClientId.set(key, index);
      state.lastSeq += 1;
      state.isTouched = true;
      // Blocked text is for admins only: it must never become the title the inbox shows.
      if (input.senderType === 'visitor' && state.title === null && input.status !== 'moderated') {
        state.title = titleFrom(input.content);
        state.newTitle = state.title;
      }
      return { kind: 'new', row: toRow(input, state.lastSeq, now), state };
    });

    const rows = outcomes.flatMap((outcome) => (outcome.kind === 'new' ? [outcome.row] : []));
    const created =
      rows.length > 0 ? await models.ChatMessage.bulkCreate(rows, { transaction }) : [];
    const byId = new Map(created.map((message) => [message.id, message]));
    await advanceSessions(db, [...states.values()], { now, transaction });
    return settle(outcomes, { now, byId });
  });
}

/** Turns outcomes into answers; a session is seen as it stood right after the message. */
function settle(
  outcomes: Outcome[],
  { now, byId }: { now: Date; byId: Map<string, ChatMessage> },
): Array<Settled<CommittedMessage>> {
  const sessionAt = (state: SessionState, lastSeq: number) =>
    toSession({
      ...state.row.get(),
      lastSeq,
      title: state.title,
      ...(state.isTouched ? { lastMessageAt: now } : {}),
    });
  const answer = (outcome: Outcome): Settled<CommittedMessage> => {
    switch (outcome.kind) {
      case 'error':
        return { ok: false, error: outcome.error };
      case 'new': {
        const message = toMessage(byId.get(outcome.row.id)!);
        return {
          ok: true,
          value: { message, session: sessionAt(outcome.state, message.seq), isNew: true },
        };
      }
      case 'existing':
        return {
          ok: true,
          value: {
            message: toMessage(outcome.message),
            session: sessionAt(outcome.state, outcome.state.lastSeq),
            isNew: false,
          },
        };
      case 'same-as': {
        const first = answer(outcomes[outcome.index]!);
        return first.ok ? { ok: true, value: { ...first.value, isNew: false } } : first;
      }
    }
  };
  return outcomes.map(answer);
}

function toRow(input: NewMessage, seq: number, now: Date): MessageRow {
  return {
    id: input.id ?? randomUUID(),
    sessionId: input.sessionId,
    seq,
    clientId: input.clientId ?? null,
    senderType: input.senderType,
    senderId: input.senderId ?? null,
    content: input.content,
    metadata: input.metadata && Object.keys(input.metadata).length > 0 ? input.metadata : null,
    status: input.status ?? 'delivered',
    createdAt: now,
  };
}

/** Messages already stored under a clientId of the batch, keyed by session and clientId. */
async function findStoredClientIds(
  db: Database,
  inputs: NewMessage[],
  transaction: Transaction,
): Promise<Map<string, ChatMessage>> {
  const keyed = inputs.filter((input) => input.clientId);
  if (keyed.length === 0) return new Map();
  const rows = await db.models.ChatMessage.findAll({
    where: {
      sessionId: [...new Set(keyed.map((input) => input.sessionId))],
      clientId: { [Op.in]: [...new Set(keyed.map((input) => input.clientId!))] },
    },
    transaction,
  });
  return new Map(rows.map((row) => [clientIdKey(row.sessionId, row.clientId!), row]));
}

/** The batch's bans in force, in one query; answers whether a message's sender is banned. */
async function findBans(
  db: Database,
  inputs: NewMessage[],
  context: { now: Date; transaction: Transaction },
): Promise<(input: NewMessage) => boolean> {
  const scopes = inputs.flatMap((input) => (input.banScope ? [input.banScope] : []));
  if (scopes.length === 0) return () => false;
  const visitorIds = [...new Set(scopes.map((scope) => scope.visitorId))];
  // An IP ban is stored by `clientAddressKey` (an IPv6 /64); older bans hold the exact address.
  const addressesOf = (ip: string | undefined) => (ip ? [ip, clientAddressKey(ip)] : []);
  const ips = [...new Set(scopes.flatMap((scope) => addressesOf(scope.ip)))];
  const bans = await db.models.UserBan.findAll({
    attributes: ['visitorId', 'ipAddress'],
    where: {
      [Op.and]: [
        {
          [Op.or]: [{ visitorId: visitorIds }, ...(ips.length > 0 ? [{ ipAddress: ips }] : [])],
        },
        { [Op.or]: [{ expiresAt: null }, { expiresAt: { [Op.gt]: context.now } }] },
      ],
    },
    transaction: context.transaction,
  });
  const bannedVisitors = new Set(bans.map((ban) => ban.visitorId));
  const bannedIps = new Set(bans.map((ban) => ban.ipAddress));
  return ({ banScope }) =>
    banScope !== undefined &&
    (bannedVisitors.has(banScope.visitorId) ||
      addressesOf(banScope.ip).some((address) => bannedIps.has(address)));
}

/** One UPDATE for every session that took messages: its new `last_seq` and, once, a title. */
async function advanceSessions(
  db: Database,
  states: SessionState[],
  context: { now: Date; transaction: Transaction },
): Promise<void> {
  const touched = states.filter((state) => state.isTouched);
  if (touched.length === 0) return;
  const seqCases = touched.map(() => 'WHEN ? THEN ?').join(' ');
  const titled = touched.filter((state) => state.newTitle !== null);
  const titleSet =
    titled.length > 0
      ? `, title = COALESCE(title, CASE id ${titled.map(() => 'WHEN ? THEN ?').join(' ')} END)`
      : '';
  await db.sequelize.query(
    `UPDATE chat_sessions SET last_seq = CASE id ${seqCases} END, last_message_at = ?, updated_at = ?${titleSet} WHERE id IN (${touched.map(() => '?').join(', ')})`,
    {
      replacements: [
        ...touched.flatMap((state) => [state.row.id, state.lastSeq]),
        sqlDateTime(db.sequelize, context.now),
        sqlDateTime(db.sequelize, context.now),
        ...titled.flatMap((state) => [state.row.id, state.newTitle]),
        ...touched.map((state) => state.row.id),
      ],
      transaction: context.transaction,
      type: QueryTypes.UPDATE,
    },
  );
}

const clientIdKey = (sessionId: string, clientId: string) => `${sessionId}\u0000${clientId}`;

export const sessionNotFound = () =>
  new AppError('NOT_FOUND', 'No such session', { field: 'sessionId' });

function isOwnedBy(
  session: { visitorId: string; widgetId: string },
  owner: NewMessage['owner'],
): boolean {
  return !owner || (session.visitorId === owner.visitorId && session.widgetId === owner.widgetId);
}
