import type { Socket } from 'socket.io';
import type { Ack, ClientEventMap, EventAckResult, ParsedEventPayload } from '@parley/protocol';
import { toAppError } from '../http/error-handler.ts';
import type { Logger } from '../logging/create-logger.ts';
import type { InFlightWork } from './in-flight-work.ts';

/**
 * The listen side of every namespace: what a client sends is untrusted, so each payload arrives
 * as `unknown` and `bindEvents` parses it with the event's schema from the protocol map.
 */
export type UntrustedEvents = Record<string, (...args: unknown[]) => void>;

/** One handler per event: the parsed payload and what `authorize` gave; resolves to the ack. */
export type EventHandlers<Map extends ClientEventMap, Context> = {
  [E in keyof Map]?: (
    payload: ParsedEventPayload<Map, E>,
    context: Context,
  ) => Promise<EventAckResult<Map, E>>;
};

type Handler<Context> = (payload: unknown, context: Context) => Promise<object>;

export interface BindEventsOptions<Map extends ClientEventMap, Context> {
  handlers: EventHandlers<Map, Context>;
  logger: Logger;
  /** Shutdown drains these, so an acknowledged event is never cut off halfway. */
  inFlight: InFlightWork;
  /**
   * Runs for every event before its payload is parsed: the rate limit and the auth re-check.
   * It throws to refuse the event; what it returns reaches the handler.
   */
  authorize: (event: string) => Promise<Context>;
}

/**
 * Binds socket handlers from a protocol event map, with everything the edge owes every event in
 * one place: authorize (rate limit, auth), parse (INVALID_PAYLOAD), handle, ack with the
 * success-or-error envelope, and in-flight tracking for a graceful shutdown. Nothing a client
 * sends can throw out of here; unknown errors are logged with a correlation id and answered as
 * `INTERNAL`. An event sent without an ack callback is still handled.
 *
 * @example
 * bindEvents(socket, widgetClientEvents, {
 *   handlers: { 'message:send': async (payload, visitor) => ({ message: await send(visitor, payload) }) },
 *   authorize: async () => socket.data,
 *   logger,
 *   inFlight,
 * });
 */
export function bindEvents<Map extends ClientEventMap, Context>(
  socket: Pick<Socket<UntrustedEvents>, 'on'>,
  map: Map,
  options: BindEventsOptions<Map, Context>,
): void {
  const { handlers } = options;
  // Each handler is called with its own event's parsed payload; the map's keys tie the two.
  const untyped = handlers as Record<string, Handler<Context> | undefined>;
  for (const event of Object.keys(handlers)) {
    const handle = untyped[event];
    const spec = map[event];
    if (!handle || !spec) continue;
    socket.on(event, (payload: unknown, ack: unknown) => {
      // Shutting down: left unanswered, as if the connection had gone a moment earlier.
      if (!options.inFlight.isAccepting) return;
      const reply = typeof ack === 'function' ? (ack as (response: Ack) => void) : undefined;
      // In flight until the ack is written, so a graceful shutdown delivers it before closing.
      void options.inFlight.run(async () => {
        try {
          const context = await options.authorize(event);
          // Handled first: `reply?.(…)` would skip evaluating it for events sent without an ack.
          const result = await handle(spec.payload.parse(payload), context);
          reply?.({ ok: true, ...result });
        } catch (error) {
          reply?.({ ok: false, error: toAppError(error, options.logger).toJSON() });
        }
      });
    });
  }
}
