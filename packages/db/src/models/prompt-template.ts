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
  idAttribute,
  jsonAttribute,
  nullableAttribute,
  timestampAttributes,
} from './portable-attributes.ts';

/** A reusable prompt (`prompt_templates`) with `{{variables}}`, named in `variables`. */
export class PromptTemplate extends Model<
  InferAttributes<PromptTemplate>,
  InferCreationAttributes<PromptTemplate>
> {
  declare id: CreationOptional<string>;
  declare name: string;
  declare description: CreationOptional<string | null>;
  declare template: string;
  declare variables: CreationOptional<string[] | null>;
  declare category: CreationOptional<string | null>;
  declare isActive: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare contextRules?: NonAttribute<ContextRule[]>;
}

export function initPromptTemplate(sequelize: Sequelize): typeof PromptTemplate {
  return boundModel(PromptTemplate).init(
    {
      id: idAttribute(),
      name: { type: DataTypes.STRING(255), allowNull: false },
      description: nullableAttribute(DataTypes.TEXT),
      template: { type: DataTypes.TEXT, allowNull: false },
      variables: jsonAttribute(),
      category: nullableAttribute(DataTypes.STRING(50)),
      isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'prompt_templates' },
  );
}
