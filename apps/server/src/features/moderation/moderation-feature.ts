import type { Server } from 'socket.io';
import type { Database } from '@parley/db';
import { validateRule } from '@parley/moderation';
import type { Logger } from '../../logging/create-logger.ts';
import type { ConversationFeature } from '../conversations/conversation-feature.ts';
import { visitorRoom } from '../../app/rooms.ts';
import { widgetNamespace } from '../conversations/widget-relay.ts';
import { createFlagService, type FlagService } from './flag-service.ts';
import { reportHandlers } from './moderation-handlers.ts';
import { createMessageScreening } from './message-screening.ts';
import { createModerationEvents, type ModerationEvents } from './moderation-events.ts';
import { watchRuleChanges } from './rule-change-hooks.ts';
import { createRuleCache, type RuleCache } from './rule-cache.ts';
import { createRuleService, type RuleService } from './rule-service.ts';

/** What the admin feature (REST, `/admin`) and scale-out use of moderation. */
export interface ModerationFeature {
  rules: RuleService;
  flags: FlagService;
  cache: RuleCache;
  /** `flag:created` (forward as `flag:new`), `flag:reviewed`, `rules:changed`. */
  events: ModerationEvents;
  /** The rule check to run before any rule is saved (the admin CRUD routes take it). */
  validateRule: typeof validateRule;
  /** Adds `message:report` to the `/widget` namespace and relays bans to visitors. */
  attach(io: Server): void;
  close(): void;
}

/**
 * Builds moderation and installs it in the conversations' message path: from here on every
 * visitor message and AI answer is screened before it is committed.
 */
export function createModerationFeature(parts: {
  db: Database;
  logger: Logger;
  conversations: ConversationFeature;
}): ModerationFeature {
  const { db, logger, conversations } = parts;
  const events = createModerationEvents(logger);
  const cache = createRuleCache(db, logger);
  const flags = createFlagService({ db, events, conversationEvents: conversations.events });
  const rules = createRuleService({ db, rules: cache, events });
  conversations.service.useScreen(createMessageScreening({ db, rules: cache, flags }));
  // Any write to moderation_rules on this node (admin routes included) refreshes the cache.
  const unwatch = watchRuleChanges(db, () => rules.rulesChanged());
  return {
    rules,
    flags,
    cache,
    events,
    validateRule,
    close: unwatch,
    attach(io) {
      conversations.addWidgetHandlers(reportHandlers(flags));
      const widgets = widgetNamespace(io);
      events.on('visitor:banned', ({ visitorId, expiresAt }) =>
        widgets.to(visitorRoom(visitorId)).emit('visitor:banned', {
          code: 'BANNED',
          message: 'You can no longer send messages here',
          expiresAt: expiresAt ? expiresAt.toISOString() : null,
        }),
      );
    },
  };
}
