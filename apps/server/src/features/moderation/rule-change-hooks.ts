import { randomUUID } from 'node:crypto';
import type { Database } from '@parley/db';

const CHANGE_HOOKS = [
  'afterCreate',
  'afterUpdate',
  'afterDestroy',
  'afterBulkCreate',
  'afterBulkUpdate',
  'afterBulkDestroy',
] as const;

/**
 * Calls `onChange` whenever `moderation_rules` is written through this database's models, by
 * whichever feature (the admin CRUD routes, the rule service, a seed), after the transaction
 * commits when there is one. Returns the function that removes the hooks.
 */
export function watchRuleChanges(db: Database, onChange: () => void): () => void {
  const model = db.models.ModerationRule;
  const name = `moderation-cache-${randomUUID()}`;
  const hook = (...args: unknown[]) => {
    const options = args.find(
      (arg): arg is { transaction?: { afterCommit(fn: () => void): void } | null } =>
        typeof arg === 'object' && arg !== null && 'transaction' in arg,
    );
    if (options?.transaction) options.transaction.afterCommit(onChange);
    else onChange();
  };
  for (const type of CHANGE_HOOKS) model.addHook(type, name, hook);
  return () => {
    for (const type of CHANGE_HOOKS) model.removeHook(type, name);
  };
}
