import { boundModel } from './bound-model.ts';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { decimalAttribute, idAttribute, timestampAttributes } from './portable-attributes.ts';

/**
 * A model's price set by an admin (`model_prices`), in US dollars per million tokens; it wins
 * over the built-in list and `AI_MODEL_PRICES` for `estimated_cost`.
 */
export class ModelPrice extends Model<
  InferAttributes<ModelPrice>,
  InferCreationAttributes<ModelPrice>
> {
  declare id: CreationOptional<string>;
  declare model: string;
  declare inputPerMillion: number;
  declare outputPerMillion: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initModelPrice(sequelize: Sequelize): typeof ModelPrice {
  return boundModel(ModelPrice).init(
    {
      id: idAttribute(),
      model: { type: DataTypes.STRING(100), allowNull: false, unique: true },
      inputPerMillion: { ...decimalAttribute(12, 6), allowNull: false, defaultValue: undefined },
      outputPerMillion: { ...decimalAttribute(12, 6), allowNull: false, defaultValue: undefined },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'model_prices' },
  );
}
