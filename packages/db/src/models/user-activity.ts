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
  nullableAttribute,
  type JsonObject,
} from './portable-attributes.ts';

/** An audit entry (`user_activity`): what a staff user did, from where. */
export class UserActivity extends Model<
  InferAttributes<UserActivity>,
  InferCreationAttributes<UserActivity>
> {
  declare id: CreationOptional<string>;
  declare userId: string;
  declare action: string;
  declare ipAddress: CreationOptional<string | null>;
  declare userAgent: CreationOptional<string | null>;
  declare metadata: CreationOptional<JsonObject | null>;
  declare createdAt: CreationOptional<Date>;

  declare user?: NonAttribute<User>;
}

export function initUserActivity(sequelize: Sequelize): typeof UserActivity {
  return boundModel(UserActivity).init(
    {
      id: idAttribute(),
      userId: foreignKeyAttribute({ allowNull: false }),
      action: { type: DataTypes.STRING(255), allowNull: false },
      ipAddress: nullableAttribute(DataTypes.STRING(50)),
      userAgent: nullableAttribute(DataTypes.TEXT),
      metadata: jsonAttribute(),
      createdAt: createdAtAttribute(),
    },
    { sequelize, tableName: 'user_activity', updatedAt: false },
  );
}
