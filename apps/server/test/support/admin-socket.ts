import { io, type Socket } from 'socket.io-client';
import { waitForEvent } from '@parley/test-kit';
import type {
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  WidgetServerToClientEvents,
} from '@parley/protocol';
import type { WidgetTestSocket } from './widget-client.ts';

/** A `/admin` client typed by the protocol's event maps, as the dashboard's socket is. */
export type AdminTestSocket = Socket<AdminServerToClientEvents, AdminClientToServerEvents>;

/** A real `/admin` Socket.IO client, as the dashboard opens it; rejects with the refusal. */
export function connectAdmin(
  url: string,
  token: string,
  auth: { status?: 'online' | 'away' } = {},
): Promise<AdminTestSocket> {
  const socket: AdminTestSocket = io(`${url}/admin`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { token, ...auth },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      reject(Object.assign(new Error(error.message), { data: error.data }));
    });
  });
}

type WidgetHeard = WidgetServerToClientEvents;
type AdminHeard = AdminServerToClientEvents;

/**
 * Resolves with the first `event` the socket hears whose payload satisfies `match` (any, by
 * default); fails after 10 s. Event names and payloads are typed by the protocol's server event
 * maps, so a renamed event or field breaks the test's compile.
 *
 * @example
 * const answer = next(visitor, 'message:new', (message) => message.senderType === 'ai');
 */
export function next<E extends keyof WidgetHeard>(
  socket: WidgetTestSocket,
  event: E,
  match?: (payload: Parameters<WidgetHeard[E]>[0]) => boolean,
): Promise<Parameters<WidgetHeard[E]>[0]>;
export function next<E extends keyof AdminHeard>(
  socket: AdminTestSocket,
  event: E,
  match?: (payload: Parameters<AdminHeard[E]>[0]) => boolean,
): Promise<Parameters<AdminHeard[E]>[0]>;
export function next(
  socket: WidgetTestSocket | AdminTestSocket,
  event: string,
  match: (payload: unknown) => boolean = () => true,
): Promise<unknown> {
  // The overloads above type the call; one untyped listener serves them all.
  const untyped: Socket = socket;
  return waitForEvent<unknown>(untyped, event, { match });
}
