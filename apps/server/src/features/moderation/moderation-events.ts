import { createTypedEvents, type TypedEvents } from '../../app/typed-events.ts';
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

export type ModerationEvents = TypedEvents<ModerationEventMap>;

export function createModerationEvents(logger: Logger): ModerationEvents {
  return createTypedEvents<ModerationEventMap>(logger, 'moderation');
}
