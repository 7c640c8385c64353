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
  dateAttribute,
  foreignKeyAttribute,
  idAttribute,
  nullableAttribute,
} from './portable-attributes.ts';

/**
 * An admin refresh token (`refresh_tokens`), stored as a SHA-256 hex digest. Tokens rotate
 * within a `familyId`; presenting a replaced one revokes the family.
 */
export class RefreshToken extends Model<
  InferAttributes<RefreshToken>,
  InferCreationAttributes<RefreshToken>
> {
  declare id: CreationOptional<string>;
  declare userId: string;
  declare tokenHash: string;
  declare familyId: string;
  declare expiresAt: Date;
  declare revokedAt: CreationOptional<Date | null>;
  declare replacedById: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;

  declare user?: NonAttribute<User>;
}

export function initRefreshToken(sequelize: Sequelize): typeof RefreshToken {
  return boundModel(RefreshToken).init(
    {
      id: idAttribute(),
      userId: foreignKeyAttribute({ allowNull: false }),
      tokenHash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      familyId: { type: DataTypes.UUID, allowNull: false },
      expiresAt: dateAttribute({ allowNull: false }),
      revokedAt: dateAttribute(),
      replacedById: nullableAttribute(DataTypes.UUID),
      createdAt: createdAtAttribute(),
    },
    { sequelize, tableName: 'refresh_tokens', updatedAt: false },
  );
}
