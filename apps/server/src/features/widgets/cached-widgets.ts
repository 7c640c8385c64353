import { createHotCache } from '../../app/hot-cache.ts';
import type { WidgetService } from './widget-service.ts';

export interface CachedWidgetService extends WidgetService {
  /** Forget every cached widget (one changed here or on another node; its key may have too). */
  forget(): void;
}

/**
 * Widgets by key from memory: every connection and every public config request looks one up.
 * Changes are rare, and a change (or a key regenerated) forgets them all.
 */
export function cacheWidgetsByKey(widgets: WidgetService): CachedWidgetService {
  const byKey = createHotCache({
    max: 10_000,
    ttlMs: 60_000,
    load: (key) => widgets.findActiveByKey(key),
  });
  return {
    ...widgets,
    findActiveByKey: (widgetKey) => byKey.get(widgetKey),
    forget: () => byKey.clear(),
  };
}
