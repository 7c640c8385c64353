import { v7 } from 'uuid';
import { AppError, type TMessage, type TSessionStatus } from '@parley/protocol';
import {
  inWriteTransaction,
  isUniqueViolation,
  multiRowInsert,
  sqlDateTime,
  sqlMarks,
  type Database,
  type SqlStatements,
} from '@parley/db';
import {
  titleFrom,
  toMessage,
  toSession,
  type MessageRow,
  type SessionRow,
} from './conversation-mapping.ts';
import type { BanSet } from './ban-cache.ts';
import type { Settled } from './group-commit.ts';
import type { CommittedMessage, NewMessage } from './message-store.ts';
import { rawDate, rawJson } from './raw-values.ts';
import { bannedError } from './banned-error.ts';

/** A message refused because its session's status is in its `refusedInStatus`. */
export class SessionStatusRefusal extends AppError {
  constructor(readonly status: TSessionStatus) {
    super('CONFLICT', `The session is ${status}`, { field: 'sessionId' });
  }
}

/** A new row of `chat_messages`, as the batch inserts it. */
type NewRow = MessageRow & { senderId: string | null };

/** A session as the batch sees it: locked, then advanced by each message it accepts. */
interface SessionState {
  row: SessionRow;
  lastSeq: number;
  title: string | null;
  newTitle: string | null;
  isTouched: boolean;
}

/** One message's place in the batch: an error, a new row, or the first copy of its clientId. */
type Outcome =
  | { kind: 'error'; error: unknown }
  | { kind: 'new'; row: NewRow; state: SessionState }
  | { kind: 'existing'; message: TMessage; state: SessionState }
  | { kind: 'same-as'; index: number; state: SessionState };

/**
 * Writes a batch of messages in one transaction: lock every session of the batch (in id order,
 * so two nodes never deadlock), give each accepted message the next `seq` of its session,
 * insert all rows in one statement (looking up the clientIds already stored only if that
 * insert meets one), move every session's `last_seq` in one statement, commit. A message that fails its own checks (banned sender, unknown or
 * foreign session, closed session) gets its error and takes no seq; the others go on.
 *
 * Every statement is raw SQL: on this path Sequelize's query building, instances and
 * validation cost more CPU than the database (profiled under `pnpm bench`).
 */
export async function writeMessageBatch(
  db: Database,
  inputs: NewMessage[],
  bans: BanSet,
): Promise<Array<Settled<CommittedMessage>>> {
  const isMysql = db.target.dialect === 'mysql';
  return inWriteTransaction(db, async (sql) => {
    const now = new Date();
    const sessionIds = [...new Set(inputs.map((input) => input.sessionId))].sort();
    // SQLite's IMMEDIATE transaction already holds the one write lock; MySQL locks the rows.
    const sessions = await sql.select<RawSession>(
      `SELECT ${SESSION_COLUMNS} FROM chat_sessions WHERE id IN (${sqlMarks(sessionIds)}) ORDER BY id${isMysql ? ' FOR UPDATE' : ''}`,
      sessionIds,
    );
    const rows = sessions.map(toSessionRow);
    const write: BatchWrite = { sql, db, now };
    // Optimistic: a clientId is nearly always new, so the batch inserts without looking first,
    // and the INSERT and the UPDATE go out together (one wait, not two). The UPDATE only applies
    // if the INSERT's first row exists: a failed INSERT (a stored clientId, which undoes that
    // statement alone; or a deadlock, which ends the transaction, so the UPDATE behind it would
    // otherwise commit on its own) leaves the sessions as they were. After a stored clientId,
    // both are sent again knowing the stored copies.
    const first = decide(inputs, { rows, stored: new Map(), bans, now });
    const [inserted, advanced] = await Promise.allSettled(insertAndAdvance(write, first));
    if (advanced.status === 'rejected') throw advanced.reason;
    if (inserted.status === 'fulfilled') return settle(first.outcomes, now);
    if (!isUniqueViolation(inserted.reason)) throw inserted.reason;
    const stored = await findStoredClientIds(sql, inputs);
    const again = decide(inputs, { rows, stored, bans, now });
    await Promise.all(insertAndAdvance(write, again));
    return settle(again.outcomes, now);
  });
}

/** Where a batch's statements go, and the time it writes. */
interface BatchWrite {
  sql: SqlStatements;
  db: Database;
  now: Date;
}

const newRows = (outcomes: Outcome[]) =>
  outcomes.flatMap((outcome) => (outcome.kind === 'new' ? [outcome.row] : []));

/**
 * Each message's outcome, in order, from the locked sessions and the copies of its clientId
 * already stored: banned sender, unknown or foreign session, a copy already stored or earlier in
 * the batch, closed session; otherwise the next `seq` of its session.
 */
function decide(
  inputs: NewMessage[],
  known: { rows: SessionRow[]; stored: Map<string, TMessage>; bans: BanSet; now: Date },
): { outcomes: Outcome[]; states: SessionState[] } {
  const { stored, bans, now } = known;
  const states = new Map(
    known.rows.map((row): [string, SessionState] => [
      row.id,
      { row, lastSeq: row.lastSeq, title: row.title, newTitle: null, isTouched: false },
    ]),
  );
  const firstOfClientId = new Map<string, number>();
  const outcomes = inputs.map((input, index): Outcome => {
    const ban = input.banScope && bans.banOn(input.banScope, now);
    if (ban) return { kind: 'error', error: bannedError(ban) };
    const state = states.get(input.sessionId);
    // A session of someone else looks like no session at all.
    if (!state || !isOwnedBy(state.row, input.owner))
      return { kind: 'error', error: sessionNotFound() };
    const key = input.clientId ? clientIdKey(input.sessionId, input.clientId) : undefined;
    const existing = key ? stored.get(key) : undefined;
    if (existing) return { kind: 'existing', message: existing, state };
    const first = key ? firstOfClientId.get(key) : undefined;
    if (first !== undefined) return { kind: 'same-as', index: first, state };
    if (input.refusedInStatus?.includes(state.row.status))
      return { kind: 'error', error: new SessionStatusRefusal(state.row.status) };
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
  return { outcomes, states: [...states.values()] };
}

/** Turns outcomes into answers; a session is seen as it stood right after the message. */
function settle(outcomes: Outcome[], now: Date): Array<Settled<CommittedMessage>> {
  const sessionAt = (state: SessionState, lastSeq: number) =>
    toSession({
      ...state.row,
      lastSeq,
      title: state.title,
      ...(state.isTouched ? { lastMessageAt: now } : {}),
    });
  const answer = (outcome: Outcome): Settled<CommittedMessage> => {
    switch (outcome.kind) {
      case 'error':
        return { ok: false, error: outcome.error };
      case 'new': {
        const message = toMessage(outcome.row);
        return {
          ok: true,
          value: { message, session: sessionAt(outcome.state, message.seq), isNew: true },
        };
      }
      case 'existing':
        return {
          ok: true,
          value: {
            message: outcome.message,
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

function toRow(input: NewMessage, seq: number, now: Date): NewRow {
  return {
    id: input.id ?? v7(),
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

const SESSION_COLUMNS =
  'id, widget_id, visitor_id, status, title, last_seq, metadata, created_at, last_message_at';

interface RawSession {
  id: string;
  widget_id: string;
  visitor_id: string;
  status: SessionRow['status'];
  title: string | null;
  last_seq: number | string;
  metadata: unknown;
  created_at: Date | string;
  last_message_at: Date | string;
}

function toSessionRow(raw: RawSession): SessionRow {
  return {
    id: raw.id,
    widgetId: raw.widget_id,
    visitorId: raw.visitor_id,
    status: raw.status,
    title: raw.title,
    lastSeq: Number(raw.last_seq),
    metadata: rawJson(raw.metadata),
    createdAt: rawDate(raw.created_at),
    lastMessageAt: rawDate(raw.last_message_at),
  };
}

interface RawMessage {
  id: string;
  session_id: string;
  seq: number | string;
  client_id: string | null;
  sender_type: MessageRow['senderType'];
  content: string;
  status: MessageRow['status'];
  metadata: unknown;
  created_at: Date | string;
}

/** Messages already stored under a clientId of the batch, keyed by session and clientId. */
async function findStoredClientIds(
  sql: SqlStatements,
  inputs: NewMessage[],
): Promise<Map<string, TMessage>> {
  const keyed = inputs.filter((input) => input.clientId);
  if (keyed.length === 0) return new Map();
  const sessionIds = [...new Set(keyed.map((input) => input.sessionId))];
  const clientIds = [...new Set(keyed.map((input) => input.clientId!))];
  const rows = await sql.select<RawMessage>(
    `SELECT id, session_id, seq, client_id, sender_type, content, status, metadata, created_at FROM chat_messages WHERE session_id IN (${sqlMarks(sessionIds)}) AND client_id IN (${sqlMarks(clientIds)})`,
    [...sessionIds, ...clientIds],
  );
  return new Map(
    rows.map((raw) => [
      clientIdKey(raw.session_id, raw.client_id!),
      toMessage({
        id: raw.id,
        sessionId: raw.session_id,
        seq: Number(raw.seq),
        clientId: raw.client_id,
        senderType: raw.sender_type,
        content: raw.content,
        status: raw.status,
        metadata: rawJson(raw.metadata),
        createdAt: rawDate(raw.created_at),
      }),
    ]),
  );
}

/** The INSERT of the accepted messages and the UPDATE of their sessions, sent together. */
function insertAndAdvance(
  write: BatchWrite,
  decided: { outcomes: Outcome[]; states: SessionState[] },
): [Promise<void>, Promise<void>] {
  const rows = newRows(decided.outcomes);
  return [insertMessages(write, rows), advanceSessions(write, decided.states, rows[0]?.id)];
}

const MESSAGE_COLUMNS = [
  'id',
  'session_id',
  'seq',
  'client_id',
  'sender_type',
  'sender_id',
  'content',
  'metadata',
  'status',
  'created_at',
] as const;

/** Every accepted message of the batch in one INSERT. */
async function insertMessages({ sql, db, now }: BatchWrite, rows: NewRow[]): Promise<void> {
  if (rows.length === 0) return;
  const createdAt = sqlDateTime(db.sequelize, now);
  await sql.run(
    ...multiRowInsert(
      'chat_messages',
      MESSAGE_COLUMNS,
      rows.map((row) => [
        row.id,
        row.sessionId,
        row.seq,
        row.clientId,
        row.senderType,
        row.senderId,
        row.content,
        row.metadata === null ? null : JSON.stringify(row.metadata),
        row.status,
        createdAt,
      ]),
    ),
  );
}

/**
 * One UPDATE for every session that took messages: its new `last_seq` and, once, a title; only
 * if `insertedId` (the batch INSERT's first row) is stored.
 */
async function advanceSessions(
  { sql, db, now }: BatchWrite,
  states: SessionState[],
  insertedId: string | undefined,
): Promise<void> {
  const touched = states.filter((state) => state.isTouched);
  if (touched.length === 0 || insertedId === undefined) return;
  const at = sqlDateTime(db.sequelize, now);
  if (db.target.dialect === 'sqlite') return sql.run(...joinedUpdate(touched, at, insertedId));
  const seqCases = touched.map(() => 'WHEN ? THEN ?').join(' ');
  const titled = touched.filter((state) => state.newTitle !== null);
  const titleSet =
    titled.length > 0
      ? `, title = COALESCE(title, CASE id ${titled.map(() => 'WHEN ? THEN ?').join(' ')} END)`
      : '';
  await sql.run(
    `UPDATE chat_sessions SET last_seq = CASE id ${seqCases} END, last_message_at = ?, updated_at = ?${titleSet} WHERE id IN (${sqlMarks(touched)}) AND EXISTS (SELECT 1 FROM chat_messages WHERE id = ?)`,
    [
      ...touched.flatMap((state) => [state.row.id, state.lastSeq]),
      at,
      at,
      ...titled.flatMap((state) => [state.row.id, state.newTitle]),
      ...touched.map((state) => state.row.id),
      insertedId,
    ],
  );
}

/**
 * `advanceSessions` on SQLite: the sessions' new values as a table joined to `chat_sessions`
 * (`UPDATE … FROM`), so each row finds its values by the join. SQLite evaluates a `CASE id
 * WHEN … END` of every session for every row it updates: for a batch of 500 sessions, 250,000
 * comparisons and 110–145 ms per batch (`pnpm bench`, 1,000 visitors), against about 1 ms at
 * 25. MariaDB does not slow down so (a batch of 500 there is the same few ms per message).
 */
function joinedUpdate(
  touched: SessionState[],
  at: string,
  insertedId: string,
): [string, unknown[]] {
  return [
    `WITH batch (id, last_seq, title) AS (VALUES ${touched.map(() => '(?, ?, ?)').join(', ')}) ` +
      'UPDATE chat_sessions SET last_seq = batch.last_seq, last_message_at = ?, updated_at = ?, ' +
      'title = COALESCE(chat_sessions.title, batch.title) FROM batch ' +
      'WHERE chat_sessions.id = batch.id AND EXISTS (SELECT 1 FROM chat_messages WHERE id = ?)',
    [
      ...touched.flatMap((state) => [state.row.id, state.lastSeq, state.newTitle]),
      at,
      at,
      insertedId,
    ],
  ];
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
