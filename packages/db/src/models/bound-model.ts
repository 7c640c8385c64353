import type { Model } from 'sequelize';

/**
 * A fresh subclass of a model class, for one `Database` to `init` on its own Sequelize instance.
 * Sequelize keeps a model's connection, attributes and associations as static state of the
 * class it initialises: initialising the exported class itself would rebind it, and every
 * database opened before, to the last instance. The subclass keeps the base class's name
 * (Sequelize's default model name) and `instanceof` still holds for the exported class.
 *
 * @example
 * return boundModel(UserBan).init(attributes, { sequelize, tableName: 'user_bans' });
 */
// TypeScript's mixin rule: `class extends` a type parameter needs a constructor of `any[]`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function boundModel<Class extends new (...args: any[]) => Model>(Base: Class): Class {
  const Bound = class extends Base {};
  Object.defineProperty(Bound, 'name', { value: Base.name });
  return Bound;
}
