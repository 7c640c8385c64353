import type { Socket } from 'socket.io-client';
import type { WidgetClientToServerEvents, WidgetServerToClientEvents } from '@parley/protocol';

export type WidgetSocket = Socket<WidgetServerToClientEvents, WidgetClientToServerEvents>;
type ClientEvents = WidgetClientToServerEvents;
/** The ack envelope an event answers with, read off the protocol's event map. */
type AckOf<E extends keyof ClientEvents> = Parameters<
  NonNullable<Parameters<ClientEvents[E]>[1]>
>[0];
const ACK_TIMEOUT_MS = 10_000;

/** Emits an event and waits for its ack; rejects when no ack comes in time. */
export function ask<E extends keyof ClientEvents>(
  socket: WidgetSocket,
  event: E,
  payload: Parameters<ClientEvents[E]>[0],
): Promise<AckOf<E>> {
  const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
    emitWithAck(event: string, payload: unknown): Promise<AckOf<E>>;
  };
  return timed.emitWithAck(event, payload);
}
