import { watchModelChanges, type Database } from '@parley/db';

/**
 * Calls `onChange` whenever `moderation_rules` is written through this database's models, by
 * whichever feature (the admin CRUD routes, the rule service, a seed), after the transaction
 * commits when there is one. Returns the function that removes the hooks.
 */
export function watchRuleChanges(db: Database, onChange: () => void): () => void {
  return watchModelChanges(db.models.ModerationRule, onChange);
}
