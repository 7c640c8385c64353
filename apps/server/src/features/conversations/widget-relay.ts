import type { Namespace, Server, Socket } from 'socket.io';
import type { WidgetServerToClientEvents } from '@parley/protocol';
import type { UntrustedEvents } from '../../app/bind-events.ts';
import { addressRoom, sessionRoom, visitorRoom, widgetRoom } from '../../app/rooms.ts';
import type { DomainEvents } from '../../app/domain-events.ts';
import type { WidgetSocketData } from './socket-handshake.ts';
import { BANNED_MESSAGE } from './banned-error.ts';

export type WidgetNamespace = Namespace<
  UntrustedEvents,
  WidgetServerToClientEvents,
  Record<string, never>,
  WidgetSocketData
>;
export type WidgetSocket = Socket<
  UntrustedEvents,
  WidgetServerToClientEvents,
  Record<string, never>,
  WidgetSocketData
>;

/**
 * `/widget` typed by the protocol map. Socket.IO types every namespace of a server alike, so the
 * one place that knows `/widget` carries the widget's events is here.
 */
export function widgetNamespace(io: Server): WidgetNamespace {
  return io.of('/widget') as WidgetNamespace;
}

/**
 * Turns conversation events into emits to rooms; returns the function that detaches them.
 * Rooms (not socket lists) so that, with the Redis adapter, tabs on other nodes get them too.
 */
export function relayEvents(nsp: WidgetNamespace, events: DomainEvents): () => void {
  const offs = [
    events.on('message:committed', ({ session, message, streamed }) => {
      if (streamed) nsp.to(sessionRoom(session.id)).emit('message:done', { message });
      else nsp.to(sessionRoom(session.id)).emit('message:new', message);
    }),
    events.on('message:delta', ({ sessionId, delta }) =>
      nsp.to(sessionRoom(sessionId)).emit('message:delta', delta),
    ),
    events.on('message:updated', ({ sessionId, message }) =>
      nsp.to(sessionRoom(sessionId)).emit('message:update', message),
    ),
    events.on('message:read', (read) =>
      nsp.to(sessionRoom(read.sessionId)).emit('message:read', read),
    ),
    // The visitor's own typing goes to agents only (the /admin gateway), not back to its tabs.
    events.on('typing', (typing) => {
      if (typing.actor !== 'visitor') nsp.to(sessionRoom(typing.sessionId)).emit('typing', typing);
    }),
    events.on('session:updated', ({ session }) =>
      nsp.to(sessionRoom(session.id)).emit('session:update', session),
    ),
    events.on('widget:updated', ({ widgetId, widgetKey }) =>
      nsp.to(widgetRoom(widgetId)).emit('config:update', { widgetKey }),
    ),
    events.on('visitor:banned', ({ visitorId, expiresAt }) =>
      closeBanned(nsp, visitorRoom(visitorId), expiresAt),
    ),
    events.on('address:banned', ({ addressKey, expiresAt }) =>
      closeBanned(nsp, addressRoom(addressKey), expiresAt),
    ),
  ];
  return () => offs.forEach((off) => off());
}

/** The notice first, then the close: the widget tells the visitor why it stopped. */
function closeBanned(nsp: WidgetNamespace, room: string, expiresAt: Date | null): void {
  nsp.to(room).emit('visitor:banned', {
    code: 'BANNED',
    message: BANNED_MESSAGE,
    expiresAt: expiresAt ? expiresAt.toISOString() : null,
  });
  nsp.in(room).disconnectSockets(true);
}
