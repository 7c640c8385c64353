import { io, type Socket } from 'socket.io-client';
import { waitForEvent } from '@parley/test-kit';
import type { AdminClientToServerEvents, AdminServerToClientEvents } from '@parley/protocol';

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

/** Resolves with the first `event` payload that satisfies `match`; fails after 10 s. */
export function next<T>(socket: Socket, event: string, match: (payload: T) => boolean): Promise<T> {
  return waitForEvent<T>(socket, event, { match });
}
