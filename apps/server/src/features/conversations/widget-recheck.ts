import type { WidgetConfig } from '@parley/db';
import { isAppError } from '@parley/protocol';
import { widgetRoom } from '../../app/rooms.ts';
import type { DomainEvents } from '../../app/domain-events.ts';
import type { Logger } from '../../logging/create-logger.ts';
import type { WidgetService } from '../widgets/widget-service.ts';
import type { WidgetNamespace } from './widget-relay.ts';

/**
 * Closes the open widgets a widget change no longer admits: the widget switched off, or the page
 * they run on taken off its allowed origins (a site dropped, or a copy on a site that should not
 * have it). Without this they chatted on until their next reconnect. The dashboard's preview is
 * left open: its ticket was checked when it connected, and it is what the admin is looking at.
 * `fetchSockets` reaches every node's sockets through the Redis adapter. Returns the detach.
 */
export function closeWidgetsNoLongerAllowed(parts: {
  nsp: WidgetNamespace;
  widgets: WidgetService;
  events: DomainEvents;
  logger: Logger;
}): () => void {
  const { nsp, widgets, logger } = parts;
  return parts.events.on('widget:updated', ({ widgetId, widgetKey }) => {
    void recheck(widgetId, widgetKey).catch((error: unknown) =>
      logger.warn({ err: error, widgetKey }, 'could not recheck the open widgets of a change'),
    );
  });

  async function recheck(widgetId: string, widgetKey: string): Promise<void> {
    const sockets = await nsp.in(widgetRoom(widgetId)).fetchSockets();
    if (sockets.length === 0) return;
    // Gone (switched off or deleted) closes them all; a failed read closes none.
    const widget = await widgets.findActiveByKey(widgetKey).catch((error: unknown) => {
      if (isAppError(error) && error.code === 'NOT_FOUND') return undefined;
      throw error;
    });
    for (const socket of sockets) {
      const { origin, host } = socket.handshake.headers;
      if (
        widget &&
        (socket.data.isPreview || isAdmitted(widgets, widget, { origin, ownHost: host }))
      )
        continue;
      socket.disconnect(true);
    }
  }
}

function isAdmitted(
  widgets: WidgetService,
  widget: WidgetConfig,
  request: { origin: string | undefined; ownHost: string | undefined },
): boolean {
  try {
    widgets.assertOriginAllowed(widget, request);
    return true;
  } catch {
    return false;
  }
}
