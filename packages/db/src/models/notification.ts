import { boundModel } from './bound-model.ts';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize,
} from 'sequelize';
import type { User } from './user.ts';
import {
  createdAtAttribute,
  foreignKeyAttribute,
  idAttribute,
  jsonAttribute,
  type JsonObject,
} from './portable-attributes.ts';

/** A message for one staff user (`notifications`), e.g. a chat handed off to them. */
export class Notification extends Model<
  InferAttributes<Notification>,
  InferCreationAttributes<Notification>
> {
  declare id: CreationOptional<string>;
  declare userId: string;
  declare title: string;
  declare message: string;
  declare type: CreationOptional<string>;
  declare read: CreationOptional<boolean>;
  declare metadata: CreationOptional<JsonObject | null>;
  declare createdAt: CreationOptional<Date>;

  declare user?: NonAttribute<User>;
}

export function initNotification(sequelize: Sequelize): typeof Notification {
  return boundModel(Notification).init(
    {
      id: idAttribute(),
      userId: foreignKeyAttribute({ allowNull: false }),
      title: { type: DataTypes.STRING(255), allowNull: false },
      message: { type: DataTypes.TEXT, allowNull: false },
      type: { type: DataTypes.STRING(50), allowNull: false, defaultValue: 'info' },
      read: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      metadata: jsonAttribute(),
      createdAt: createdAtAttribute(),
    },
    { sequelize, tableName: 'notifications', updatedAt: false },
  );
}
