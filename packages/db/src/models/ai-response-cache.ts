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
import type { ContextRule } from './context-rule.ts';
import {
  dateAttribute,
  foreignKeyAttribute,
  idAttribute,
  jsonAttribute,
  timestampAttributes,
  type JsonObject,
} from './portable-attributes.ts';

/**
 * A cached answer (`ai_response_cache`) under a key over the normalised question, rule and
 * version, model and knowledge version. `expiresAt` has no default: the caller picks the TTL.
 */
export class AiResponseCache extends Model<
  InferAttributes<AiResponseCache>,
  InferCreationAttributes<AiResponseCache>
> {
  declare id: CreationOptional<string>;
  declare cacheKey: string;
  declare query: string;
  declare response: string;
  declare modelUsed: string;
  declare contextRuleId: CreationOptional<string | null>;
  declare hitCount: CreationOptional<number>;
  declare lastHitAt: CreationOptional<Date | null>;
  declare metadata: CreationOptional<JsonObject | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare expiresAt: Date;

  declare contextRule?: NonAttribute<ContextRule>;
}

export function initAiResponseCache(sequelize: Sequelize): typeof AiResponseCache {
  return boundModel(AiResponseCache).init(
    {
      id: idAttribute(),
      cacheKey: { type: DataTypes.STRING(255), allowNull: false, unique: true },
      query: { type: DataTypes.TEXT, allowNull: false },
      response: { type: DataTypes.TEXT, allowNull: false },
      modelUsed: { type: DataTypes.STRING(100), allowNull: false },
      contextRuleId: foreignKeyAttribute({ allowNull: true }),
      hitCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lastHitAt: dateAttribute(),
      metadata: jsonAttribute(),
      ...timestampAttributes(),
      expiresAt: dateAttribute({ allowNull: false }),
    },
    { sequelize, tableName: 'ai_response_cache' },
  );
}
