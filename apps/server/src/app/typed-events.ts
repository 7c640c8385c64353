import { EventEmitter } from 'node:events';
import type { Logger } from '../logging/create-logger.ts';

/** A typed in-process emitter; `on` returns the function that unsubscribes. */
export interface TypedEvents<Map extends object> {
  on<E extends keyof Map & string>(event: E, listener: (payload: Map[E]) => void): () => void;
  emit<E extends keyof Map & string>(event: E, payload: Map[E]): void;
}

/**
 * Domain events whose listeners cannot hurt the publisher: a listener that throws is logged
 * (with `source` naming the feature) and the others still run.
 *
 * @example
 * const events = createTypedEvents<{ 'flag:created': { id: string } }>(logger, 'moderation');
 * const off = events.on('flag:created', ({ id }) => notify(id));
 */
export function createTypedEvents<Map extends object>(
  logger: Logger,
  source: string,
): TypedEvents<Map> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(50);
  return {
    on(event, listener) {
      const safe = (payload: Map[typeof event]) => {
        try {
          listener(payload);
        } catch (error) {
          logger.error({ err: error, event }, `${source} event listener failed`);
        }
      };
      emitter.on(event, safe);
      return () => emitter.off(event, safe);
    },
    emit(event, payload) {
      emitter.emit(event, payload);
    },
  };
}
