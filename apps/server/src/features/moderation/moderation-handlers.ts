import type { Server } from 'socket.io';
import { ZMessageReportSchema, type Ack } from '@parley/protocol';
import { toAppError } from '../../http/error-handler.ts';
import type { Logger } from '../../logging/create-logger.ts';
import type { RateLimits } from '../conversations/rate-limits.ts';
import type { WidgetSocket } from '../conversations/widget-relay.ts';
import type { FlagService } from './flag-service.ts';

/**
 * `message:report` on `/widget`: a visitor reports an AI answer. Listens on the namespace the
 * conversations gateway admits (its handshake has already set `socket.data`).
 */
export function registerReportHandler(parts: {
  io: Server;
  flags: FlagService;
  limits: RateLimits;
  logger: Logger;
}): void {
  parts.io.of('/widget').on('connection', (raw) => {
    const socket = raw as unknown as WidgetSocket;
    socket.on('message:report', (payload: unknown, ack: unknown) => {
      const reply =
        typeof ack === 'function' ? (ack as (r: Ack<{ flagId: string }>) => void) : undefined;
      void (async () => {
        try {
          await parts.limits.consume('eventsPerVisitor', socket.data.visitorId);
          const { messageId, reason } = ZMessageReportSchema.parse(payload);
          const flag = await parts.flags.reportMessage({
            visitorId: socket.data.visitorId,
            widgetId: socket.data.widgetId,
            messageId,
            ...(reason ? { reason } : {}),
          });
          reply?.({ ok: true, flagId: flag.id });
        } catch (error) {
          reply?.({ ok: false, error: toAppError(error, parts.logger).toJSON() });
        }
      })();
    });
  });
}
