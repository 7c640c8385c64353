import { randomUUID } from 'node:crypto';
import type { ModelStatic, Model } from 'sequelize';

const CHANGE_HOOKS = [
  'afterCreate',
  'afterUpdate',
  'afterDestroy',
  'afterBulkCreate',
  'afterBulkUpdate',
  'afterBulkDestroy',
] as const;

/**
 * Calls `onChange` whenever `model`'s table is written through the models, by whichever feature
 * (admin CRUD routes, services, a seed), after the transaction commits when there is one: a
 * cache dropped earlier could be refilled from the row as it stood before the commit. Returns
 * the function that removes the hooks.
 */
export function watchModelChanges(model: ModelStatic<Model>, onChange: () => void): () => void {
  const name = `cache-${randomUUID()}`;
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
