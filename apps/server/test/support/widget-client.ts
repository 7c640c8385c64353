import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  EventAckResult,
  EventPayload,
  TAdminClientEvents,
  TConnectErrorData,
  TError,
  TWidgetClientEvents,
  WidgetClientToServerEvents,
  WidgetServerToClientEvents,
} from '@parley/protocol';
import type { AdminTestSocket } from './admin-socket.ts';

/** A `/widget` client typed by the protocol's event maps, as the widget's own socket is. */
export type WidgetTestSocket = Socket<WidgetServerToClientEvents, WidgetClientToServerEvents>;

export const ALLOWED_ORIGIN = 'https://shop.example.com';

export interface WidgetClientOptions {
  widgetKey: string;
  visitorToken?: string;
  origin?: string | null;
  /** A dashboard preview ticket, sent in the handshake `auth` as the widget does. */
  previewTicket?: string;
  /** A browser's User-Agent header (Node's client sends none). */
  userAgent?: string;
  /** An `X-Forwarded-For` header, as a proxy adds it (the server must trust the proxy). */
  forwardedFor?: string;
}

/** A real Socket.IO client on `/widget`, as a browser tab would open it (websocket, Origin header). */
export function openWidgetSocket(baseUrl: string, options: WidgetClientOptions): WidgetTestSocket {
  const origin = options.origin === undefined ? ALLOWED_ORIGIN : options.origin;
  return io(`${baseUrl}/widget`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: {
      widgetKey: options.widgetKey,
      ...(options.visitorToken ? { visitorToken: options.visitorToken } : {}),
      ...(options.previewTicket ? { previewTicket: options.previewTicket } : {}),
    },
    extraHeaders: {
      ...(origin === null ? {} : { origin }),
      ...(options.userAgent ? { 'user-agent': options.userAgent } : {}),
      ...(options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {}),
    },
  });
}

/** Connects and resolves once connected; rejects with the refusal's `data` on `connect_error`. */
export function connectWidget(
  baseUrl: string,
  options: WidgetClientOptions,
): Promise<WidgetTestSocket> {
  const socket = openWidgetSocket(baseUrl, options);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error & { data?: TConnectErrorData }) => {
      socket.close();
      reject(Object.assign(new Error(error.message), { data: error.data }));
    });
  });
}

/** The refusal a connection attempt ends with (`connect_error.data`), or a failure if it connects. */
export async function refusalOf(
  baseUrl: string,
  options: WidgetClientOptions,
): Promise<TConnectErrorData | undefined> {
  try {
    const socket = await connectWidget(baseUrl, options);
    socket.close();
    throw new Error('the connection was accepted');
  } catch (error) {
    if ((error as Error).message === 'the connection was accepted') throw error;
    return (error as { data?: TConnectErrorData }).data;
  }
}

/** Either namespace's test socket, for lists of sockets to close. */
export type TestSocket = WidgetTestSocket | AdminTestSocket;
type AnyTestSocket = TestSocket;

/**
 * Emits a `/widget` event and resolves with its ack envelope, both typed by the protocol map:
 * a renamed field breaks the test's compile, as it breaks the widget's.
 */
export function ask<E extends keyof TWidgetClientEvents>(
  socket: WidgetTestSocket,
  event: E,
  payload: EventPayload<TWidgetClientEvents, E>,
): Promise<Ack<EventAckResult<TWidgetClientEvents, E>>>;
/** The same for a `/admin` event. */
export function ask<E extends keyof TAdminClientEvents>(
  socket: AdminTestSocket,
  event: E,
  payload: EventPayload<TAdminClientEvents, E>,
): Promise<Ack<EventAckResult<TAdminClientEvents, E>>>;
export function ask(socket: AnyTestSocket, event: string, payload: unknown): Promise<Ack> {
  return emitForAck(socket, event, payload);
}

/**
 * `ask` for a call that must succeed: resolves with the success ack's fields, and fails the
 * test with the server's error otherwise.
 *
 * @example
 * const { session } = await askOk(visitor, 'session:start', { page });
 */
export function askOk<E extends keyof TWidgetClientEvents>(
  socket: WidgetTestSocket,
  event: E,
  payload: EventPayload<TWidgetClientEvents, E>,
): Promise<{ ok: true } & EventAckResult<TWidgetClientEvents, E>>;
export function askOk<E extends keyof TAdminClientEvents>(
  socket: AdminTestSocket,
  event: E,
  payload: EventPayload<TAdminClientEvents, E>,
): Promise<{ ok: true } & EventAckResult<TAdminClientEvents, E>>;
export async function askOk(socket: AnyTestSocket, event: string, payload: unknown): Promise<Ack> {
  const ack = await emitForAck(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} failed: ${JSON.stringify(ack.error)}`);
  return ack;
}

/**
 * Emits a known event with any payload and resolves with the ack: for payloads the schema
 * forbids (a wrong type, a missing field), which a typed client could not send, and for one
 * loop over several events. The event name is still checked against the protocol map.
 */
export function askAnyPayload(
  socket: WidgetTestSocket,
  event: keyof TWidgetClientEvents,
  payload: unknown,
): Promise<Ack>;
export function askAnyPayload(
  socket: AdminTestSocket,
  event: keyof TAdminClientEvents,
  payload: unknown,
): Promise<Ack>;
export function askAnyPayload(
  socket: AnyTestSocket,
  event: string,
  payload: unknown,
): Promise<Ack> {
  return emitForAck(socket, event, payload);
}

/** The error an ack failed with, or `undefined` when it succeeded. */
export function errorOf(ack: Ack): TError | undefined {
  return ack.ok ? undefined : ack.error;
}

async function emitForAck(socket: AnyTestSocket, event: string, payload: unknown): Promise<Ack> {
  // The overloads above type the call; one untyped emit serves them all.
  const untyped: Socket = socket;
  return (await untyped.timeout(15_000).emitWithAck(event, payload)) as Ack;
}
