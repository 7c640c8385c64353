import type { Server, Socket } from 'socket.io';
import { ZPresenceSetSchema, type TAvailability } from '@parley/protocol';
import type { WidgetConfig } from '@parley/db';
import type { Logger } from '../../logging/create-logger.ts';
import type { AdminFeature } from '../admin/admin-feature.ts';
import type { ConversationFeature } from '../conversations/conversation-feature.ts';
import { availabilityOf, createOfficeStates } from './availability.ts';
import { AVAILABLE_ROOM } from '../../app/rooms.ts';
import { trackPresence, type PresenceTracker } from './presence-tracker.ts';

export interface PresenceFeature {
  /** Available agents on every node, as last counted. */
  availableAgents(): number;
  /** Whether a person can answer a visitor of this widget now. */
  availability(widgetKey: string): Promise<TAvailability>;
  /** Hooks into `/admin` (the status switch) and `/widget` (telling visitors); after the gateways. */
  attach(io: Server): void;
  close(): void;
}

/**
 * Agent presence and office hours. An agent is available while a dashboard tab is connected and
 * not set to away; visitors are told `online`, `away` or `closed` on connect and on every change.
 */
export function createPresenceFeature(parts: {
  conversations: Pick<ConversationFeature, 'cachedWidgets' | 'addWidgetHandlers'>;
  admin: Pick<AdminFeature, 'addStaffHandlers'>;
  logger: Logger;
  /** Several nodes share rooms through Redis: presence changes are told to the others. */
  isClustered: boolean;
}): PresenceFeature {
  const { conversations, logger } = parts;
  let tracker: PresenceTracker | undefined;
  const availableAgents = () => tracker?.availableAgents() ?? 0;
  const officeStateOf = createOfficeStates();
  const availabilityNow = (widget: WidgetConfig) =>
    availabilityOf(widget, officeStateOf(widget, new Date()), availableAgents());
  const availability = async (widgetKey: string) =>
    availabilityNow(await conversations.cachedWidgets.findActiveByKey(widgetKey));
  conversations.addWidgetHandlers({
    'availability:get': (_payload, visitor) => availability(visitor.widgetKey),
  });
  parts.admin.addStaffHandlers((socket) => ({
    'presence:set': async ({ status }) => {
      if (status === 'online') await socket.join(AVAILABLE_ROOM);
      else await socket.leave(AVAILABLE_ROOM);
      void tracker?.recount();
      return { status };
    },
  }));

  return {
    availableAgents,
    availability,
    attach(io) {
      const staff = io.of('/admin');
      const visitors = io.of('/widget');
      const presence = trackPresence(staff, { logger, isClustered: parts.isClustered });
      tracker = presence;

      staff.on('connection', (socket) => {
        const status = ZPresenceSetSchema.shape.status.safeParse(socket.handshake.auth.status);
        if (status.data !== 'away') void socket.join(AVAILABLE_ROOM);
        socket.emit('presence:update', { availableAgents: presence.availableAgents() });
        void presence.recount();
        socket.on('disconnect', () => void presence.recount());
      });
      presence.onChange((count) => {
        staff.local.emit('presence:update', { availableAgents: count });
        void tellVisitors(visitors.sockets.values());
      });

      visitors.on('connection', (socket) => {
        // The handshake has just loaded the widget: told now, the notice leaves in the same
        // network write as the connect packet instead of one of its own.
        const widget = conversations.cachedWidgets.peekActiveByKey(widgetKeyOf(socket));
        if (widget) socket.emit('availability', availabilityNow(widget));
        else void tellVisitors([socket]);
      });
    },
    close() {
      tracker?.close();
    },
  };

  /** Each visitor connected to this node, with the availability of its own widget. */
  async function tellVisitors(sockets: Iterable<Socket>): Promise<void> {
    const byWidget = new Map<string, Socket[]>();
    for (const socket of sockets) {
      const key = widgetKeyOf(socket);
      const group = byWidget.get(key);
      if (group) group.push(socket);
      else byWidget.set(key, [socket]);
    }
    for (const [widgetKey, group] of byWidget) {
      try {
        const answer = await availability(widgetKey);
        for (const socket of group) socket.emit('availability', answer);
      } catch (error) {
        logger.warn({ err: error }, 'could not tell visitors who can answer');
      }
    }
  }
}

function widgetKeyOf(socket: Socket): string {
  return (socket.data as { widgetKey: string }).widgetKey;
}
