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
import type { ApiKeyUsage } from './api-key-usage.ts';
import {
  createdAtAttribute,
  dateAttribute,
  idAttribute,
  jsonAttribute,
  nullableAttribute,
} from './portable-attributes.ts';

/** A provider credential (`api_keys`). `keyValue` holds the ciphertext, never the plain key. */
export class ApiKey extends Model<InferAttributes<ApiKey>, InferCreationAttributes<ApiKey>> {
  declare id: CreationOptional<string>;
  declare service: string;
  declare name: CreationOptional<string | null>;
  declare baseUrl: CreationOptional<string | null>;
  declare keyValue: string;
  /** The last few characters, shown so an admin can tell keys apart. */
  declare keyHint: CreationOptional<string | null>;
  /** The models this endpoint serves, tried in order (`null`: the rule's or the default model). */
  declare models: CreationOptional<string[] | null>;
  declare isActive: CreationOptional<boolean>;
  declare expiresAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;

  declare usage?: NonAttribute<ApiKeyUsage[]>;
}

export function initApiKey(sequelize: Sequelize): typeof ApiKey {
  return boundModel(ApiKey).init(
    {
      id: idAttribute(),
      service: { type: DataTypes.STRING(50), allowNull: false },
      name: nullableAttribute(DataTypes.STRING(255)),
      baseUrl: nullableAttribute(DataTypes.STRING(2048)),
      keyValue: { type: DataTypes.TEXT, allowNull: false },
      keyHint: nullableAttribute(DataTypes.STRING(16)),
      models: jsonAttribute(),
      isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      expiresAt: dateAttribute(),
      createdAt: createdAtAttribute(),
    },
    { sequelize, tableName: 'api_keys', updatedAt: false },
  );
}
