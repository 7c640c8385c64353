import { EventEmitter } from 'node:events';
import type { Logger } from '../../logging/create-logger.ts';
import type { TFlaggedContent } from './flag-mapping.ts';

/** What moderation publishes; the `/admin` gateway forwards `flag:created` to staff as `flag:new`. */
export interface ModerationEventMap {
  'flag:created': { flag: TFlaggedContent };
  'flag:reviewed': { flag: TFlaggedContent };
  /** A review banned a visitor (sent to their widgets before their connections close). */
  'visitor:banned': { visitorId: string; expiresAt: Date | null };
  /**
   * `moderation_rules` was written on this node (any path). With several nodes, broadcast it and
   * call `cache.invalidate()` on the others (not `rulesChanged`, which would echo it back).
   */
  'rules:changed': { at: Date };
}

export interface ModerationEvents {
  on<E extends keyof ModerationEventMap>(
    event: E,
    listener: (payload: ModerationEventMap[E]) => void,
  ): () => void;
  emit<E extends keyof ModerationEventMap>(event: E, payload: ModerationEventMap[E]): void;
}

/** A typed emitter whose listeners cannot hurt the publisher (a throwing one is logged). */
export function createModerationEvents(logger: Logger): ModerationEvents {
  const emitter = new EventEmitter();
  return {
    on(event, listener) {
      const safe = (payload: ModerationEventMap[typeof event]) => {
        try {
          listener(payload);
        } catch (error) {
          logger.error({ err: error, event }, 'moderation event listener failed');
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
