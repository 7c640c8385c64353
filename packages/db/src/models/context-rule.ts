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
import type { PromptTemplate } from './prompt-template.ts';
import {
  foreignKeyAttribute,
  idAttribute,
  jsonAttribute,
  nullableAttribute,
  timestampAttributes,
} from './portable-attributes.ts';

/** One step of `response_filters`, applied in order to an answer (SPEC, AI pipeline step 6). */
export type ResponseFilter =
  | { type: 'redact'; pattern: string; replacement: string }
  | { type: 'max_length'; maxLength: number }
  | { type: 'block_if_matches'; pattern: string; fallback: string }
  | { type: 'allow_links'; domains: string[] }
  | { type: 'append'; text: string };

/** What the assistant may talk about, and how (`context_rules`). */
export class ContextRule extends Model<
  InferAttributes<ContextRule>,
  InferCreationAttributes<ContextRule>
> {
  declare id: CreationOptional<string>;
  declare name: string;
  declare description: CreationOptional<string | null>;
  declare isActive: CreationOptional<boolean>;
  declare contextType: string;
  declare keywords: CreationOptional<string[] | null>;
  declare excludedTopics: CreationOptional<string[] | null>;
  declare promptTemplate: CreationOptional<string | null>;
  declare promptTemplateId: CreationOptional<string | null>;
  declare refusalMessage: CreationOptional<string | null>;
  declare responseFilters: CreationOptional<ResponseFilter[] | null>;
  declare useKnowledgeBases: CreationOptional<boolean>;
  declare knowledgeBaseIds: CreationOptional<string[] | null>;
  /** Provider profiles (`api_keys` ids) in fallback order, over the widget's; `null`: the widget's. */
  declare providerKeyIds: CreationOptional<string[] | null>;
  declare knowledgeThreshold: CreationOptional<number | null>;
  declare historyTurns: CreationOptional<number>;
  declare preferredModel: CreationOptional<string | null>;
  declare cacheTtlS: CreationOptional<number | null>;
  declare version: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare namedPromptTemplate?: NonAttribute<PromptTemplate>;
}

export function initContextRule(sequelize: Sequelize): typeof ContextRule {
  return boundModel(ContextRule).init(
    {
      id: idAttribute(),
      name: { type: DataTypes.STRING(255), allowNull: false },
      description: nullableAttribute(DataTypes.TEXT),
      isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      contextType: { type: DataTypes.STRING(50), allowNull: false },
      keywords: jsonAttribute(),
      excludedTopics: jsonAttribute(),
      promptTemplate: nullableAttribute(DataTypes.TEXT),
      promptTemplateId: foreignKeyAttribute({ allowNull: true }),
      refusalMessage: nullableAttribute(DataTypes.TEXT),
      responseFilters: jsonAttribute(),
      useKnowledgeBases: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      knowledgeBaseIds: jsonAttribute(),
      providerKeyIds: jsonAttribute(),
      knowledgeThreshold: nullableAttribute(DataTypes.FLOAT),
      historyTurns: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 6 },
      preferredModel: nullableAttribute(DataTypes.STRING(100)),
      cacheTtlS: nullableAttribute(DataTypes.INTEGER),
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'context_rules' },
  );
}
