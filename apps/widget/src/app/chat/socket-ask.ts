import type { Socket } from 'socket.io-client';
import type {
  Ack,
  EventAckResult,
  EventPayload,
  TWidgetClientEvents,
  WidgetClientToServerEvents,
  WidgetServerToClientEvents,
} from '@parley/protocol';

export type WidgetSocket = Socket<WidgetServerToClientEvents, WidgetClientToServerEvents>;
const ACK_TIMEOUT_MS = 10_000;

/** Emits an event and waits for its ack; rejects when no ack comes in time. */
export async function ask<E extends keyof TWidgetClientEvents>(
  socket: WidgetSocket,
  event: E,
  payload: EventPayload<TWidgetClientEvents, E>,
): Promise<Ack<EventAckResult<TWidgetClientEvents, E>>> {
  // Socket.IO cannot resolve its ack type for an event that is still a type parameter; the
  // signature above, derived from the protocol map, is what callers are held to.
  const untyped: Socket = socket;
  const reply: unknown = await untyped.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload);
  const ack = reply as Ack<EventAckResult<TWidgetClientEvents, E>>;
  return ack;
}
