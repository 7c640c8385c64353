import { z } from 'zod';
import type { AckCallback } from './ack.ts';

/**
 * One client→server event: the schema its payload is parsed with, and the schema of what its
 * ack carries on success (the `{ ok: true }` envelope is added around it).
 */
export interface ClientEventSpec<
  Payload extends z.ZodType = z.ZodType,
  Result extends z.ZodObject = z.ZodObject,
> {
  payload: Payload;
  ack: Result;
  /** Fire-and-forget events (typing, read receipts) may be sent without an ack callback. */
  isAckOptional?: boolean;
}

/** An ack that carries nothing but `ok`. */
export const ZEmptyAckSchema = z.object({});

/** Every client→server event of one namespace, by name. */
export type ClientEventMap = Record<string, ClientEventSpec>;
/** Every server→client event of one namespace, by name, with its payload schema. */
export type ServerEventMap = Record<string, z.ZodType>;

/**
 * Declares a namespace's client events; the identity function keeps the literal keys and
 * schemas so the types below can be derived from them.
 *
 * @example
 * export const pingClientEvents = defineClientEvents({
 *   ping: { payload: z.object({ at: z.number() }), ack: z.object({ pong: z.number() }) },
 * });
 */
export function defineClientEvents<const Map extends ClientEventMap>(map: Map): Map {
  return map;
}

/** Declares a namespace's server events (see `defineClientEvents`). */
export function defineServerEvents<const Map extends ServerEventMap>(map: Map): Map {
  return map;
}

/** What a client may send for `event` (the schema's input: defaults may be left out). */
export type EventPayload<Map extends ClientEventMap, E extends keyof Map> = z.input<
  Map[E]['payload']
>;
/** What a handler receives for `event`, after parsing. */
export type ParsedEventPayload<Map extends ClientEventMap, E extends keyof Map> = z.output<
  Map[E]['payload']
>;
/**
 * What the success ack of `event` carries besides `ok: true`. An empty ack schema gives
 * `object`: zod types `z.object({})` as `Record<string, never>`, which `ok: true` could not join.
 */
export type EventAckResult<
  Map extends ClientEventMap,
  E extends keyof Map,
> = keyof Map[E]['ack']['shape'] extends never ? object : z.output<Map[E]['ack']>;

/** Socket.IO's `ClientToServerEvents` generic, derived from an event map. */
export type ClientToServerEventsOf<Map extends ClientEventMap> = {
  [E in keyof Map]: Map[E]['isAckOptional'] extends true
    ? (payload: EventPayload<Map, E>, ack?: AckCallback<EventAckResult<Map, E>>) => void
    : (payload: EventPayload<Map, E>, ack: AckCallback<EventAckResult<Map, E>>) => void;
};

/** Socket.IO's `ServerToClientEvents` generic, derived from an event map. */
export type ServerToClientEventsOf<Map extends ServerEventMap> = {
  [E in keyof Map]: (payload: z.output<Map[E]>) => void;
};
