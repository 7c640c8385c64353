import type { Database } from '@parley/db';
import type { Logger } from '../../logging/create-logger.ts';
import type { ConversationFeature } from '../conversations/conversation-feature.ts';
import type { DomainEvents } from '../../app/domain-events.ts';
import { createBanService, type BanService } from './ban-service.ts';
import { createFlagService, type FlagService } from './flag-service.ts';
import { reportHandlers } from './moderation-handlers.ts';
import { createMessageScreening } from './message-screening.ts';
import { watchRuleChanges } from './rule-change-hooks.ts';
import { createRuleCache, type RuleCache } from './rule-cache.ts';
import { createRuleService, type RuleService } from './rule-service.ts';

/** What the admin feature (REST, `/admin`) and scale-out use of moderation. */
export interface ModerationFeature {
  rules: RuleService;
  flags: FlagService;
  /** Bans of visitors and addresses: the one write path (REST adapts it, reviews use it). */
  bans: BanService;
  cache: RuleCache;
  /** The server's one domain bus: moderation publishes `flag:*`, `rules:changed`, `visitor:banned`. */
  events: DomainEvents;
  /** Adds `message:report` to the `/widget` namespace. */
  attach(): void;
  close(): void;
}

/**
 * Builds moderation and installs it in the conversations' message path: from here on every
 * visitor message and AI answer is screened before it is committed.
 */
export function createModerationFeature(parts: {
  db: Database;
  logger: Logger;
  events: DomainEvents;
  conversations: ConversationFeature;
}): ModerationFeature {
  const { db, logger, conversations, events } = parts;
  const cache = createRuleCache(db, logger);
  const bans = createBanService({ db, events });
  const flags = createFlagService({ db, events, bans });
  const rules = createRuleService({ db, rules: cache, events });
  conversations.service.useScreen(createMessageScreening({ db, rules: cache, flags }));
  // Any write to moderation_rules on this node (admin routes included) refreshes the cache.
  const unwatch = watchRuleChanges(db, () => rules.rulesChanged());
  return {
    rules,
    flags,
    bans,
    cache,
    events,
    close: unwatch,
    attach() {
      conversations.addWidgetHandlers(reportHandlers(flags));
    },
  };
}
