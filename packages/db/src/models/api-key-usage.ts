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
import type { ApiKey } from './api-key.ts';
import {
  createdAtAttribute,
  foreignKeyAttribute,
  idAttribute,
  nullableAttribute,
} from './portable-attributes.ts';

/** One provider call (`api_key_usage`); kept when its key is deleted. */
export class ApiKeyUsage extends Model<
  InferAttributes<ApiKeyUsage>,
  InferCreationAttributes<ApiKeyUsage>
> {
  declare id: CreationOptional<string>;
  declare apiKeyId: CreationOptional<string | null>;
  declare service: string;
  declare endpoint: string;
  declare model: CreationOptional<string | null>;
  declare responseTimeMs: number;
  declare statusCode: number;
  declare tokensIn: CreationOptional<number | null>;
  declare tokensOut: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;

  declare apiKey?: NonAttribute<ApiKey>;
}

export function initApiKeyUsage(sequelize: Sequelize): typeof ApiKeyUsage {
  return boundModel(ApiKeyUsage).init(
    {
      id: idAttribute(),
      apiKeyId: foreignKeyAttribute({ allowNull: true }),
      service: { type: DataTypes.STRING(50), allowNull: false },
      endpoint: { type: DataTypes.STRING(255), allowNull: false },
      model: nullableAttribute(DataTypes.STRING(100)),
      responseTimeMs: { type: DataTypes.INTEGER, allowNull: false },
      statusCode: { type: DataTypes.INTEGER, allowNull: false },
      tokensIn: nullableAttribute(DataTypes.INTEGER),
      tokensOut: nullableAttribute(DataTypes.INTEGER),
      createdAt: createdAtAttribute(),
    },
    { sequelize, tableName: 'api_key_usage', updatedAt: false },
  );
}
