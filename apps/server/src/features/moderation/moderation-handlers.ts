import type { WidgetEventHandlers } from '../conversations/conversation-handlers.ts';
import type { FlagService } from './flag-service.ts';

/**
 * `message:report` on `/widget`: a visitor reports an AI answer. The conversations gateway binds
 * it beside its own events, so it shares their handshake, rate limit and shutdown draining.
 */
export function reportHandlers(flags: FlagService): WidgetEventHandlers {
  return {
    'message:report': async ({ messageId, reason }, visitor) => {
      const flag = await flags.reportMessage({
        visitorId: visitor.visitorId,
        widgetId: visitor.widgetId,
        messageId,
        ...(reason ? { reason } : {}),
      });
      return { flagId: flag.id };
    },
  };
}
