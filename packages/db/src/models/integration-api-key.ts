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
  jsonAttribute,
} from './portable-attributes.ts';

/**
 * A key another system calls the REST API with (`integration_api_keys`): its SHA-256 digest, never
 * the key, and its scopes. Revoked keys stay listed with `revokedAt`.
 */
export class IntegrationApiKey extends Model<
  InferAttributes<IntegrationApiKey>,
  InferCreationAttributes<IntegrationApiKey>
> {
  declare id: CreationOptional<string>;
  declare name: string;
  declare keyHash: string;
  declare keyPrefix: string;
  declare scopes: string[];
  declare createdBy: CreationOptional<string | null>;
  declare lastUsedAt: CreationOptional<Date | null>;
  declare revokedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;

  declare creator?: NonAttribute<User | null>;
}

export function initIntegrationApiKey(sequelize: Sequelize): typeof IntegrationApiKey {
  return boundModel(IntegrationApiKey).init(
    {
      id: idAttribute(),
      name: { type: DataTypes.STRING(100), allowNull: false },
      keyHash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      keyPrefix: { type: DataTypes.STRING(16), allowNull: false },
      scopes: { ...jsonAttribute(), allowNull: false, defaultValue: undefined },
      createdBy: foreignKeyAttribute({ allowNull: true }),
      lastUsedAt: dateAttribute(),
      revokedAt: dateAttribute(),
      createdAt: createdAtAttribute(),
    },
    { sequelize, tableName: 'integration_api_keys', updatedAt: false },
  );
}
