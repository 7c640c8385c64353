import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  EventAckResult,
  EventPayload,
  TAdminClientEvents,
} from '@parley/protocol';
import type { ApiClient } from './api-client.ts';
import { storedPresence } from './presence.ts';

/** The `/admin` socket, typed both ways by the protocol's event maps. */
export type LiveSocket = Socket<AdminServerToClientEvents, AdminClientToServerEvents>;

/** What the top bar shows: connecting at first, live, or trying again after a drop. */
export type LiveState = 'connecting' | 'live' | 'reconnecting';

export interface LiveConnection {
  socket: LiveSocket;
  state(): LiveState;
  /** Calls `listener` on every state change; returns the function that stops it. */
  onState(listener: (state: LiveState) => void): () => void;
  close(): void;
}

/** Wait before trying again when the server could not be reached to refresh the token. */
const RETRY_MS = 2_000;

/**
 * The `/admin` socket, kept up for the whole working day:
 * - every (re)connect authenticates with a fresh access token;
 * - each new token (refreshed ahead of expiry) is handed to the open socket (`auth:renew`), so
 *   the server does not drop it when the old one expires;
 * - after any drop (expiry, server restart, network) it connects again; listeners of `connect`
 *   then resync what they missed (the inbox reloads its list, a conversation re-joins).
 */
export function connectLive(api: ApiClient, options: { url?: string } = {}): LiveConnection {
  const socket: LiveSocket = io(`${options.url ?? ''}/admin`, {
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelayMax: 5_000,
    auth: (cb) => {
      api.freshToken().then(
        (token) => cb({ token, status: storedPresence() }),
        () => cb({ token: api.session?.accessToken ?? '', status: storedPresence() }),
      );
    },
  });
  let state: LiveState = 'connecting';
  let isClosed = false;
  const listeners = new Set<(next: LiveState) => void>();
  const setState = (next: LiveState) => {
    if (next === state) return;
    state = next;
    listeners.forEach((listener) => listener(next));
  };
  const retryLater = () =>
    setTimeout(() => {
      if (!isClosed && !socket.connected) socket.connect();
    }, RETRY_MS);

  // Heard from the first moment: the server says it once on connect, maybe before any view
  // has subscribed, and views read it from here.
  socket.on('presence:update', ({ availableAgents }) =>
    lastAvailableAgents.set(socket, availableAgents),
  );
  socket.on('connect', () => setState('live'));
  socket.on('disconnect', (reason) => {
    if (isClosed) return;
    setState('reconnecting');
    // Socket.IO retries by itself after a network drop, but not when the server closed it
    // (an expired token): connect again, with a fresh token from `auth`.
    if (reason === 'io server disconnect') socket.connect();
  });
  // A refused handshake is not retried by Socket.IO: refresh and try again unless refused.
  socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
    if (isClosed) return;
    setState('reconnecting');
    if (socket.active) return;
    if (error.data?.code !== 'UNAUTHORIZED') return void retryLater();
    api.refresh().then(
      (isRefreshed) => {
        if (isRefreshed) socket.connect();
      },
      () => retryLater(),
    );
  });
  const offToken = api.onToken((token) => {
    if (!socket.connected) return;
    // A socket that cannot renew is closed and opened again with the new token.
    emitAck(socket, 'auth:renew', { token }).catch(() => socket.disconnect().connect());
  });

  return {
    socket,
    state: () => state,
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      isClosed = true;
      offToken();
      listeners.clear();
      socket.close();
    },
  };
}

const lastAvailableAgents = new WeakMap<LiveSocket, number>();

/** How many agents the server last said are available (null before it said so). */
export function availableAgentsOf(socket: LiveSocket): number | null {
  return lastAvailableAgents.get(socket) ?? null;
}

/** Emits an agent action and resolves with its ack, or throws its error message. */
export async function emitAck<E extends keyof TAdminClientEvents>(
  socket: LiveSocket,
  event: E,
  payload: EventPayload<TAdminClientEvents, E>,
): Promise<EventAckResult<TAdminClientEvents, E>> {
  // Socket.IO cannot resolve its ack type for an event that is still a type parameter; the
  // signature above, derived from the protocol map, is what callers are held to.
  const untyped: Socket = socket;
  const reply: unknown = await untyped.timeout(10_000).emitWithAck(event, payload);
  const ack = reply as Ack<EventAckResult<TAdminClientEvents, E>>;
  if (!ack.ok) throw new Error(ack.error.message);
  return ack;
}
