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
import type { KnowledgeBaseConfig } from './knowledge-base-config.ts';
import {
  createdAtAttribute,
  foreignKeyAttribute,
  idAttribute,
  nullableAttribute,
} from './portable-attributes.ts';

/** A passage of a knowledge base (`knowledge_chunks`), at a unique `position` within it. */
export class KnowledgeChunk extends Model<
  InferAttributes<KnowledgeChunk>,
  InferCreationAttributes<KnowledgeChunk>
> {
  declare id: CreationOptional<string>;
  declare knowledgeBaseId: string;
  declare position: number;
  declare title: CreationOptional<string | null>;
  declare url: CreationOptional<string | null>;
  declare content: string;
  declare createdAt: CreationOptional<Date>;

  declare knowledgeBase?: NonAttribute<KnowledgeBaseConfig>;
}

export function initKnowledgeChunk(sequelize: Sequelize): typeof KnowledgeChunk {
  return boundModel(KnowledgeChunk).init(
    {
      id: idAttribute(),
      knowledgeBaseId: foreignKeyAttribute({ allowNull: false }),
      position: { type: DataTypes.INTEGER, allowNull: false },
      title: nullableAttribute(DataTypes.STRING(512)),
      url: nullableAttribute(DataTypes.STRING(2048)),
      content: { type: DataTypes.TEXT, allowNull: false },
      createdAt: createdAtAttribute(),
    },
    { sequelize, tableName: 'knowledge_chunks', updatedAt: false },
  );
}
