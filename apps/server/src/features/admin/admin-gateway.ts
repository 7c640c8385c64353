import type { Namespace, Server, Socket } from 'socket.io';
import type { z } from 'zod';
import {
  AppError,
  ZAdminHandshakeAuthSchema,
  ZAgentMessageSchema,
  ZAgentSessionRefSchema,
  ZTypingSchema,
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
import type { SessionAdminService } from './session-admin-service.ts';
import type { StaffNotifications } from './staff-notifications.ts';

/** Every staff socket is in this room: the live inbox. */
const STAFF_ROOM = 'staff';
const STAFF_ROLES: TUserRole[] = ['admin', 'agent'];

interface AdminSocketData {
  userId: string;
}
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
  sessions: SessionAdminService;
  logger: Logger;
}

export interface AdminGateway {
  /** Pushes a new moderation flag to every staff socket (the moderation feature calls it). */
  notifyFlag(flag: TFlagNotice): void;
  close(): void;
}

/**
 * The `/admin` namespace: staff authenticate with their access token; the inbox hears about
 * new sessions, messages, handoffs and flags; agents join, take over, answer, release, close.
 * A socket is dropped when its token expires (the dashboard reconnects with a fresh one), and
 * every event re-reads the user, so a disabled account loses access at once.
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
    close: detach,
  };
}

async function admit(parts: AdminGatewayParts, socket: AdminSocket): Promise<void> {
  const auth = ZAdminHandshakeAuthSchema.safeParse(socket.handshake.auth);
  if (!auth.success) throw new AppError('UNAUTHORIZED', 'An access token is required');
  const { expiresAtMs } = parts.accessTokens.verify(auth.data.token);
  const user = await parts.auth.authenticate(auth.data.token);
  if (!STAFF_ROLES.includes(user.role)) throw new AppError('FORBIDDEN', 'Staff only');
  socket.data = { userId: user.id };
  const timer = setTimeout(() => socket.disconnect(true), Math.max(0, expiresAtMs - Date.now()));
  timer.unref();
  socket.once('disconnect', () => clearTimeout(timer));
}

function registerAgentHandlers(parts: AdminGatewayParts, socket: AdminSocket): void {
  void socket.join(STAFF_ROOM);
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
          if (!user || !user.isActive) throw new AppError('UNAUTHORIZED', 'Sign in again');
          if (!STAFF_ROLES.includes(user.role)) throw new AppError('FORBIDDEN', 'Staff only');
          reply?.({ ok: true, ...(await handle(user, schema.parse(payload))) });
        } catch (error) {
          reply?.({ ok: false, error: toAppError(error, parts.logger).toJSON() });
        }
      })();
    });
  };
  const { agents } = parts;
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
  on('session:release', ZAgentSessionRefSchema, async (user, { sessionId }) => ({
    session: await agents.release(user, sessionId),
  }));
  on('session:close', ZAgentSessionRefSchema, async (user, { sessionId }) => ({
    session: await agents.close(user, sessionId),
  }));
  on('message:send', ZAgentMessageSchema, async (user, input) => ({
    message: await agents.send(user, input),
  }));
  on('typing', ZTypingSchema, (_user, { sessionId, isTyping }) => {
    parts.events.emit('typing', { sessionId, actor: 'agent', isTyping });
    return Promise.resolve({});
  });
}

const sessionRoom = (sessionId: string) => `session:${sessionId}`;

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
