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
import type { Visitor } from './visitor.ts';
import {
  createdAtAttribute,
  dateAttribute,
  foreignKeyAttribute,
  idAttribute,
  nullableAttribute,
} from './portable-attributes.ts';

/** A ban of a visitor or an IP address (`user_bans`); no `expiresAt` means for good. */
export class UserBan extends Model<InferAttributes<UserBan>, InferCreationAttributes<UserBan>> {
  declare id: CreationOptional<string>;
  declare visitorId: CreationOptional<string | null>;
  declare ipAddress: CreationOptional<string | null>;
  declare reason: string;
  declare bannedBy: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare expiresAt: CreationOptional<Date | null>;

  declare visitor?: NonAttribute<Visitor>;
  declare banner?: NonAttribute<User>;
}

export function initUserBan(sequelize: Sequelize): typeof UserBan {
  return boundModel(UserBan).init(
    {
      id: idAttribute(),
      visitorId: foreignKeyAttribute({ allowNull: true }),
      ipAddress: nullableAttribute(DataTypes.STRING(50)),
      reason: { type: DataTypes.TEXT, allowNull: false },
      bannedBy: foreignKeyAttribute({ allowNull: true }),
      createdAt: createdAtAttribute(),
      expiresAt: dateAttribute(),
    },
    { sequelize, tableName: 'user_bans', updatedAt: false },
  );
}
