import { io, type Socket } from 'socket.io-client';
import type { TConnectErrorData } from '@parley/protocol';

export const ALLOWED_ORIGIN = 'https://shop.example.com';

export interface WidgetClientOptions {
  widgetKey: string;
  visitorToken?: string;
  origin?: string | null;
  /** A dashboard preview ticket, sent in the handshake `auth` as the widget does. */
  previewTicket?: string;
  /** A browser's User-Agent header (Node's client sends none). */
  userAgent?: string;
}

/** A real Socket.IO client on `/widget`, as a browser tab would open it (websocket, Origin header). */
export function openWidgetSocket(baseUrl: string, options: WidgetClientOptions): Socket {
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
    },
  });
}

/** Connects and resolves once connected; rejects with the refusal's `data` on `connect_error`. */
export function connectWidget(baseUrl: string, options: WidgetClientOptions): Promise<Socket> {
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

/** Emits an event and resolves with its ack (the `{ ok, ... }` envelope). */
export async function call<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<T> {
  return (await socket.timeout(15_000).emitWithAck(event, payload)) as T;
}
