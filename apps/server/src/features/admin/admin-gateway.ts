import type { Namespace, Server, Socket } from 'socket.io';
import {
  AppError,
  ZAdminHandshakeAuthSchema,
  adminClientEvents,
  type AdminServerToClientEvents,
  type TAdminClientEvents,
  type TFlagNotice,
  type TUserRole,
} from '@parley/protocol';
import type { User } from '@parley/db';
import { bindEvents, type EventHandlers, type UntrustedEvents } from '../../app/bind-events.ts';
import type { InFlightWork } from '../../app/in-flight-work.ts';
import { STAFF_ROOM, sessionRoom, userRoom } from '../../app/rooms.ts';
import { toAppError } from '../../http/error-handler.ts';
import type { Logger } from '../../logging/create-logger.ts';
import type { AccessTokens } from '../auth/access-tokens.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { DomainEvents } from '../../app/domain-events.ts';
import type { RateLimits } from '../conversations/rate-limits.ts';
import type { AgentSessionService } from './agent-session-service.ts';
import type { NoteService } from './note-service.ts';
import type { SessionAdminService } from './session-admin-service.ts';
import type { StaffNotifications } from './staff-notifications.ts';

const STAFF_ROLES: TUserRole[] = ['admin', 'agent'];

/** The staff user behind a socket, as read at the handshake and refreshed by the re-check. */
interface StaffIdentity {
  id: string;
  fullName: string;
}

interface AdminSocketData {
  user: StaffIdentity;
  /** The user's token version at the handshake; a raised one means the socket must go. */
  tokenVersion: number;
}
type AdminSocket = Socket<UntrustedEvents, AdminServerToClientEvents, object, AdminSocketData>;

/**
 * Drops a socket when its access token expires; replaced on `auth:renew`. Kept out of
 * `socket.data`, which other nodes read as JSON (`fetchSockets` through the Redis adapter):
 * a timer there cannot be serialised and crashes the node that answers.
 */
const expiryTimers = new WeakMap<AdminSocket, ReturnType<typeof setTimeout>>();
type AdminNamespace = Namespace<
  UntrustedEvents,
  AdminServerToClientEvents,
  object,
  AdminSocketData
>;
type AdminEventHandlers = EventHandlers<TAdminClientEvents, StaffIdentity>;

/** Handlers another feature adds to each staff socket (e.g. presence's status switch). */
export type StaffHandlersFactory = (socket: AdminSocket) => AdminEventHandlers;

export interface AdminGatewayParts {
  io: Server;
  auth: AuthService;
  accessTokens: AccessTokens;
  events: DomainEvents;
  agents: AgentSessionService;
  notifications: StaffNotifications;
  notes: NoteService;
  sessions: SessionAdminService;
  limits: RateLimits;
  inFlight: InFlightWork;
  logger: Logger;
  /** How often the users of this node's sockets are re-read (default 30 s). */
  recheckMs?: number;
  /** Other features' handlers, bound beside the gateway's own. */
  extraHandlers?: readonly StaffHandlersFactory[];
  /** Several nodes share rooms through Redis: staff on another node may be listening. */
  isClustered?: boolean;
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
 * when its user is disabled, demoted, deleted or given a new password (`disconnectUser` closes
 * the `user:<id>` room on every node). Events do not read the database to re-check the user:
 * the identity read at the handshake is cached on the socket, and every `recheckMs` the node
 * re-reads the users of all its sockets at once, so a socket is dropped even if that broadcast
 * was lost. A socket may be renewed before its token expires (`auth:renew`) and stays up.
 */
export function registerAdminGateway(parts: AdminGatewayParts): AdminGateway {
  // Socket.IO types every namespace of a server alike; this one carries the admin events.
  const nsp = parts.io.of('/admin') as AdminNamespace;
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
    dropStaleSockets(nsp, parts.auth).catch((error: unknown) =>
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

/**
 * One query for all of this node's staff sockets: a socket whose user changed is closed, the
 * others get the user's current name for what they write next.
 */
async function dropStaleSockets(nsp: AdminNamespace, auth: AuthService): Promise<void> {
  const sockets = [...nsp.sockets.values()];
  if (sockets.length === 0) return;
  const users = await auth.findUsers([...new Set(sockets.map((socket) => socket.data.user.id))]);
  const byId = new Map(users.map((user) => [user.id, user]));
  for (const socket of sockets) {
    const user = byId.get(socket.data.user.id);
    if (user && isCurrentStaff(user, socket.data.tokenVersion)) socket.data.user = toIdentity(user);
    else socket.disconnect(true);
  }
}

const isCurrentStaff = (user: User, tokenVersion: number) =>
  user.isActive && user.tokenVersion === tokenVersion && STAFF_ROLES.includes(user.role);

const toIdentity = (user: User): StaffIdentity => ({ id: user.id, fullName: user.fullName });

async function admit(parts: AdminGatewayParts, socket: AdminSocket): Promise<void> {
  const auth = ZAdminHandshakeAuthSchema.safeParse(socket.handshake.auth);
  if (!auth.success) throw new AppError('UNAUTHORIZED', 'An access token is required');
  const { expiresAtMs } = parts.accessTokens.verify(auth.data.token);
  const user = await parts.auth.authenticate(auth.data.token);
  if (!STAFF_ROLES.includes(user.role)) throw new AppError('FORBIDDEN', 'Staff only');
  socket.data = { user: toIdentity(user), tokenVersion: user.tokenVersion };
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
  void socket.join([STAFF_ROOM, userRoom(socket.data.user.id)]);
  bindEvents(socket, adminClientEvents, {
    handlers: withExtraHandlers(agentHandlers(parts, socket), parts.extraHandlers, socket),
    logger: parts.logger,
    inFlight: parts.inFlight,
    // No database read per event: a changed user's sockets are closed (see the gateway's doc).
    authorize: async () => {
      await parts.limits.consume('eventsPerStaff', socket.data.user.id);
      return socket.data.user;
    },
  });
}

function withExtraHandlers(
  own: AdminEventHandlers,
  extra: readonly StaffHandlersFactory[] | undefined,
  socket: AdminSocket,
): AdminEventHandlers {
  const handlers = { ...own };
  for (const factory of extra ?? []) Object.assign(handlers, factory(socket));
  return handlers;
}

function agentHandlers(parts: AdminGatewayParts, socket: AdminSocket): AdminEventHandlers {
  const { agents } = parts;
  return {
    'auth:renew': async ({ token }, user) => {
      const { userId, expiresAtMs } = parts.accessTokens.verify(token);
      // A socket stays one person's: another user's token is refused, not adopted.
      if (userId !== user.id) throw new AppError('FORBIDDEN', 'The token is for another user');
      // A token issued before a staff change (older token version) cannot extend the socket.
      const current = await parts.auth.authenticate(token);
      if (!STAFF_ROLES.includes(current.role)) throw new AppError('FORBIDDEN', 'Staff only');
      socket.data.user = toIdentity(current);
      expireAt(socket, expiresAtMs);
      return { expiresAt: new Date(expiresAtMs).toISOString() };
    },
    'session:join': async ({ sessionId }) => {
      const joined = await agents.join(sessionId);
      await socket.join(sessionRoom(joined.session.id));
      return joined;
    },
    'session:leave': async ({ sessionId }) => {
      await socket.leave(sessionRoom(sessionId));
      return {};
    },
    'session:takeover': async ({ sessionId }, user) => ({
      session: await agents.takeover(user, sessionId),
    }),
    'session:release': async ({ sessionId }, user) => ({
      session: await agents.release(user, sessionId),
    }),
    'session:assign': async (input) => ({ session: await agents.assign(input) }),
    'session:close': async ({ sessionId }, user) => ({
      session: await agents.close(user, sessionId),
    }),
    'message:send': async (input, user) => ({ message: await agents.send(user, input) }),
    // Notes go to staff sockets only: the `/widget` namespace never hears of them.
    'note:add': async ({ sessionId, content }, user) => {
      const note = await parts.notes.add(user, sessionId, content);
      socket.nsp.to(STAFF_ROOM).emit('note:new', note);
      return { note };
    },
    typing: async ({ sessionId, isTyping }, user) => {
      await parts.notes.assertSessionExists(sessionId);
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
    },
  };
}

/** Conversation events become inbox pushes; returns the function that unsubscribes. */
function relayToStaff(nsp: AdminNamespace, parts: AdminGatewayParts): () => void {
  const staff = () => nsp.to(STAFF_ROOM);
  const offs = [
    parts.events.on('session:created', ({ session }) => {
      // Nobody to tell: no read per new visitor while no inbox is open (a campaign at night).
      if (!parts.isClustered && !nsp.adapter.rooms.get(STAFF_ROOM)?.size) return;
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
    parts.events.on('flag:reviewed', ({ flag }) => {
      parts.notifications
        .settleFlag(flag.id)
        .catch((error: unknown) =>
          parts.logger.warn({ err: error }, 'could not settle flag notices'),
        );
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
