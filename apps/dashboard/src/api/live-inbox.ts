import { io, type Socket } from 'socket.io-client';
import type { AdminServerToClientEvents, Ack } from '@parley/protocol';
import type { ApiClient } from './api-client.ts';

export type LiveSocket = Socket<AdminServerToClientEvents>;

/**
 * The `/admin` socket. The token is read on every (re)connect, so a socket dropped when its
 * access token expired comes back with a refreshed one.
 */
export function connectLive(api: ApiClient): LiveSocket {
  const socket: LiveSocket = io('/admin', {
    transports: ['websocket'],
    auth: (cb) => cb({ token: api.session?.accessToken ?? '' }),
  });
  const refreshAndReconnect = () =>
    void api.refresh().then((isRefreshed) => {
      if (isRefreshed) socket.connect();
      else api.signOut();
    });
  // An expired token is refused at the handshake: refresh once and try again.
  socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
    if (error.data?.code === 'UNAUTHORIZED') refreshAndReconnect();
  });
  // The server closes the socket when the token expires or the account changed (disabled,
  // demoted, new password): a refresh says whether this user may come back, and as what.
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') refreshAndReconnect();
  });
  return socket;
}

/** Emits an agent action and resolves with its ack, or throws its error message. */
export async function emitAck<T extends object>(
  socket: LiveSocket,
  event: string,
  payload: unknown,
): Promise<T> {
  const ack = (await (socket as unknown as Socket)
    .timeout(10_000)
    .emitWithAck(event, payload)) as Ack<T>;
  if (!ack.ok) throw new Error(ack.error.message);
  return ack;
}
