import type { Namespace, Server, Socket } from 'socket.io';
import type { z } from 'zod';
import {
  AppError,
  ZAdminHandshakeAuthSchema,
  ZAdminRenewSchema,
  ZAgentMessageSchema,
  ZAgentSessionRefSchema,
  ZNoteAddSchema,
  ZSessionAssignSchema,
  ZStaffTypingInputSchema,
  type Ack,
  type AdminServerToClientEvents,
  type TFlagNotice,
  type TUserRole,
} from '@parley/protocol';
import type { Database, User } from '@parley/db';
import { toAppError } from '../../http/error-handler.ts';
import type { Logger } from '../../logging/create-logger.ts';
import type { AccessTokens } from '../auth/access-tokens.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { ConversationEvents } from '../conversations/conversation-events.ts';
import type { AgentSessionService } from './agent-session-service.ts';
import type { NoteService } from './note-service.ts';
import type { SessionAdminService } from './session-admin-service.ts';
import type { StaffNotifications } from './staff-notifications.ts';

/** Every staff socket is in this room: the live inbox. */
const STAFF_ROOM = 'staff';
const STAFF_ROLES: TUserRole[] = ['admin', 'agent'];

interface AdminSocketData {
  userId: string;
  /** The user's token version at the handshake; a raised one means the socket must go. */
  tokenVersion: number;
}

/**
 * Drops a socket when its access token expires; replaced on `auth:renew`. Kept out of
 * `socket.data`, which other nodes read as JSON (`fetchSockets` through the Redis adapter).
 */
const expiryTimers = new WeakMap<AdminSocket, ReturnType<typeof setTimeout>>();
type AdminSocket = Socket<
  Record<string, never>,
  AdminServerToClientEvents,
  object,
  AdminSocketData
>;
type AdminNamespace = Namespace<
  Record<string, never>,
  AdminServerToClientEvents,
  object,
  AdminSocketData
>;

export interface AdminGatewayParts {
  io: Server;
  db: Database;
  auth: AuthService;
  accessTokens: AccessTokens;
  events: ConversationEvents;
  agents: AgentSessionService;
  notifications: StaffNotifications;
  notes: NoteService;
  sessions: SessionAdminService;
  logger: Logger;
  /** How often the users of this node's sockets are re-read (default 30 s). */
  recheckMs?: number;
}

export interface AdminGateway {
  /** Pushes a new moderation flag to every staff socket (the moderation feature calls it). */
  notifyFlag(flag: TFlagNotice): void;
  /**
   * Closes every `/admin` socket of the user, on every node (the Redis adapter forwards it): the
   * user was disabled, demoted, deleted or given a new password.
   */
  disconnectUser(userId: string): void;
  close(): void;
}

/**
 * The `/admin` namespace: staff authenticate with their access token; the inbox hears about
 * new sessions, messages, handoffs and flags; agents join, take over, answer, release, close.
 * A socket is dropped when its token expires (the dashboard reconnects with a fresh one) and
 * when its user is disabled, demoted, deleted or given a new password (`disconnectUser`); every
 * event also re-reads the user, and every `recheckMs` the node re-reads the users of all its
 * sockets at once, so a socket that only listens is dropped even if that broadcast was lost.
 * A socket may be renewed before its token expires (`auth:renew`) and stays up.
 */
export function registerAdminGateway(parts: AdminGatewayParts): AdminGateway {
  const nsp = parts.io.of('/admin') as unknown as AdminNamespace;
  nsp.use((socket, next) => {
    admit(parts, socket).then(
      () => next(),
      (error: unknown) => {
        const appError = toAppError(error, parts.logger);
        next(Object.assign(new Error(appError.message), { data: appError.toJSON() }));
      },
    );
  });
  nsp.on('connection', (socket) => registerAgentHandlers(parts, socket));
  const detach = relayToStaff(nsp, parts);
  const recheck = setInterval(() => {
    dropStaleSockets(nsp, parts.db).catch((error: unknown) =>
      parts.logger.warn({ err: error }, 'could not re-check staff sockets'),
    );
  }, parts.recheckMs ?? 30_000);
  recheck.unref();
  return {
    notifyFlag(flag) {
      nsp.to(STAFF_ROOM).emit('flag:new', flag);
      parts.notifications
        .notifyStaff({
          type: 'flag',
          title: 'New flagged content',
          message: flag.reason,
          metadata: { flagId: flag.id, sessionId: flag.sessionId },
        })
        .catch((error: unknown) => parts.logger.warn({ err: error }, 'could not notify staff'));
    },
    disconnectUser(userId) {
      nsp.in(userRoom(userId)).disconnectSockets(true);
    },
    close() {
      clearInterval(recheck);
      detach();
    },
  };
}

/** One query for all of this node's staff sockets; a socket whose user changed is closed. */
async function dropStaleSockets(nsp: AdminNamespace, db: Database): Promise<void> {
  const sockets = [...nsp.sockets.values()];
  if (sockets.length === 0) return;
  const ids = [...new Set(sockets.map((socket) => socket.data.userId))];
  const users = await db.models.User.findAll({
    where: { id: ids },
    attributes: ['id', 'isActive', 'role', 'tokenVersion'],
  });
  const byId = new Map(users.map((user) => [user.id, user]));
  for (const socket of sockets) {
    const user = byId.get(socket.data.userId);
    const isCurrent =
      user?.isActive === true &&
      user.tokenVersion === socket.data.tokenVersion &&
      STAFF_ROLES.includes(user.role);
    if (!isCurrent) socket.disconnect(true);
  }
}

async function admit(parts: AdminGatewayParts, socket: AdminSocket): Promise<void> {
  const auth = ZAdminHandshakeAuthSchema.safeParse(socket.handshake.auth);
  if (!auth.success) throw new AppError('UNAUTHORIZED', 'An access token is required');
  const { expiresAtMs } = parts.accessTokens.verify(auth.data.token);
  const user = await parts.auth.authenticate(auth.data.token);
  if (!STAFF_ROLES.includes(user.role)) throw new AppError('FORBIDDEN', 'Staff only');
  socket.data = { userId: user.id, tokenVersion: user.tokenVersion };
  expireAt(socket, expiresAtMs);
  socket.once('disconnect', () => clearTimeout(expiryTimers.get(socket)));
}

function expireAt(socket: AdminSocket, expiresAtMs: number): void {
  clearTimeout(expiryTimers.get(socket));
  const timer = setTimeout(() => socket.disconnect(true), Math.max(0, expiresAtMs - Date.now()));
  timer.unref();
  expiryTimers.set(socket, timer);
}

function registerAgentHandlers(parts: AdminGatewayParts, socket: AdminSocket): void {
  void socket.join([STAFF_ROOM, userRoom(socket.data.userId)]);
  const on = <S extends z.ZodType, R extends object>(
    event: string,
    schema: S,
    handle: (user: User, payload: z.output<S>) => Promise<R>,
  ) => {
    socket.on(event, (payload: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (response: Ack<R>) => void) : undefined;
      void (async () => {
        try {
          const user = await parts.db.models.User.findByPk(socket.data.userId);
          if (!user || !user.isActive || user.tokenVersion !== socket.data.tokenVersion) {
            socket.disconnect(true);
            throw new AppError('UNAUTHORIZED', 'Sign in again');
          }
          if (!STAFF_ROLES.includes(user.role)) throw new AppError('FORBIDDEN', 'Staff only');
          // Handled first: `reply?.(…)` would skip evaluating it for events sent without an ack.
          const result = await handle(user, schema.parse(payload));
          reply?.({ ok: true, ...result });
        } catch (error) {
          reply?.({ ok: false, error: toAppError(error, parts.logger).toJSON() });
        }
      })();
    });
  };
  const { agents } = parts;
  on('auth:renew', ZAdminRenewSchema, async (user, { token }) => {
    const { userId, expiresAtMs } = parts.accessTokens.verify(token);
    // A socket stays one person's: another user's token is refused, not adopted.
    if (userId !== user.id) throw new AppError('FORBIDDEN', 'The token is for another user');
    // A token issued before a staff change (older token version) cannot extend the socket.
    await parts.auth.authenticate(token);
    expireAt(socket, expiresAtMs);
    return { expiresAt: new Date(expiresAtMs).toISOString() };
  });
  on('session:join', ZAgentSessionRefSchema, async (_user, { sessionId }) => {
    const joined = await agents.join(sessionId);
    await socket.join(sessionRoom(joined.session.id));
    return joined;
  });
  on('session:leave', ZAgentSessionRefSchema, async (_user, { sessionId }) => {
    await socket.leave(sessionRoom(sessionId));
    return {};
  });
  on('session:takeover', ZAgentSessionRefSchema, async (user, { sessionId }) => ({
    session: await agents.takeover(user, sessionId),
  }));
  on('session:assign', ZSessionAssignSchema, async (_user, input) => ({
    session: await agents.assign(input),
  }));
  on('session:release', ZAgentSessionRefSchema, async (user, { sessionId }) => ({
    session: await agents.release(user, sessionId),
  }));
  on('session:close', ZAgentSessionRefSchema, async (user, { sessionId }) => ({
    session: await agents.close(user, sessionId),
  }));
  on('message:send', ZAgentMessageSchema, async (user, input) => ({
    message: await agents.send(user, input),
  }));
  // Notes go to staff sockets only: the `/widget` namespace never hears of them.
  on('note:add', ZNoteAddSchema, async (user, { sessionId, content }) => {
    const note = await parts.notes.add(user, sessionId, content);
    socket.nsp.to(STAFF_ROOM).emit('note:new', note);
    return { note };
  });
  on('typing', ZStaffTypingInputSchema, async (user, { sessionId, isTyping }) => {
    if ((await parts.db.models.ChatSession.count({ where: { id: sessionId } })) === 0)
      throw new AppError('NOT_FOUND', 'No such session', { field: 'sessionId' });
    // Other staff see who is typing (a collision warning); the widget sees "an agent".
    socket.to(STAFF_ROOM).emit('typing', {
      sessionId,
      actor: 'agent',
      isTyping,
      userId: user.id,
      userName: user.fullName,
    });
    parts.events.emit('typing', { sessionId, actor: 'agent', isTyping });
    return {};
  });
}

const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** Every socket of one staff user, whichever node it is on. */
const userRoom = (userId: string) => `user:${userId}`;

/** Conversation events become inbox pushes; returns the function that unsubscribes. */
function relayToStaff(nsp: AdminNamespace, parts: AdminGatewayParts): () => void {
  const staff = () => nsp.to(STAFF_ROOM);
  const offs = [
    parts.events.on('session:created', ({ session }) => {
      // The inbox line carries the visitor's and widget's names: read it, then push.
      parts.sessions.get(session.id).then(
        (summary) => staff().emit('session:new', summary),
        (error: unknown) => parts.logger.warn({ err: error }, 'could not push session:new'),
      );
    }),
    parts.events.on('session:updated', ({ session }) => staff().emit('session:update', session)),
    parts.events.on('message:committed', ({ message }) => staff().emit('message:new', message)),
    parts.events.on('message:updated', ({ message }) => staff().emit('message:update', message)),
    parts.events.on('session:assigned', (assigned) => staff().emit('session:assigned', assigned)),
    // Agents' typing is sent with their name by the gateway itself (see `typing` above).
    parts.events.on('typing', (typing) => {
      if (typing.actor !== 'agent') staff().emit('typing', typing);
    }),
    parts.events.on('handoff:requested', ({ session }) => {
      staff().emit('handoff:requested', session);
      parts.notifications
        .notifyStaff({
          type: 'handoff',
          title: 'A visitor asked for a person',
          message: session.title ?? 'New handoff request',
          metadata: { sessionId: session.id },
        })
        .catch((error: unknown) => parts.logger.warn({ err: error }, 'could not notify staff'));
    }),
  ];
  return () => offs.forEach((off) => off());
}
