import { createHotCache } from '../../app/hot-cache.ts';
import type { WidgetConfig } from '@parley/db';
import type { WidgetService } from './widget-service.ts';

export interface CachedWidgetService extends WidgetService {
  /** The active widget with this key if it is in memory now (no database read), else undefined. */
  peekActiveByKey(widgetKey: string): WidgetConfig | undefined;
  /** Forget every cached widget (one changed here or on another node; its key may have too). */
  forget(): void;
}

/**
 * Widgets by key and by id from memory: every connection and every public config request looks
 * one up by key, every visitor message (to hand it to the assistant) by id. Changes are rare,
 * and a change (or a key regenerated) forgets them all.
 */
export function cacheWidgetsByKey(widgets: WidgetService): CachedWidgetService {
  const cache = (load: (key: string) => ReturnType<WidgetService['findActiveByKey']>) =>
    createHotCache({ max: 10_000, ttlMs: 60_000, load });
  const byKey = cache((key) => widgets.findActiveByKey(key));
  const byId = cache((id) => widgets.findActiveById(id));
  return {
    ...widgets,
    findActiveByKey: (widgetKey) => byKey.get(widgetKey),
    peekActiveByKey: (widgetKey) => byKey.peek(widgetKey),
    findActiveById: (widgetId) => byId.get(widgetId),
    forget: () => {
      byKey.clear();
      byId.clear();
    },
  };
}
