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
import type { KnowledgeChunk } from './knowledge-chunk.ts';
import { idAttribute, nullableAttribute, timestampAttributes } from './portable-attributes.ts';

export const KNOWLEDGE_SOURCE_TYPES = ['file', 'url', 'text'] as const;
export type KnowledgeSourceType = (typeof KNOWLEDGE_SOURCE_TYPES)[number];
export const KNOWLEDGE_BASE_STATUSES = ['pending', 'indexing', 'ready', 'failed'] as const;
export type KnowledgeBaseStatus = (typeof KNOWLEDGE_BASE_STATUSES)[number];

/**
 * A knowledge source (`knowledge_base_configs`): text, a file or a URL, split into chunks.
 * `version` goes into the AI cache key, so re-indexing retires stale cached answers.
 */
export class KnowledgeBaseConfig extends Model<
  InferAttributes<KnowledgeBaseConfig>,
  InferCreationAttributes<KnowledgeBaseConfig>
> {
  declare id: CreationOptional<string>;
  declare name: string;
  declare description: CreationOptional<string | null>;
  declare sourceType: KnowledgeSourceType;
  declare content: CreationOptional<string | null>;
  declare url: CreationOptional<string | null>;
  declare filePath: CreationOptional<string | null>;
  declare embeddingModel: CreationOptional<string | null>;
  declare status: CreationOptional<KnowledgeBaseStatus>;
  declare statusMessage: CreationOptional<string | null>;
  declare version: CreationOptional<number>;
  declare isActive: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare chunks?: NonAttribute<KnowledgeChunk[]>;
}

export function initKnowledgeBaseConfig(sequelize: Sequelize): typeof KnowledgeBaseConfig {
  return boundModel(KnowledgeBaseConfig).init(
    {
      id: idAttribute(),
      name: { type: DataTypes.STRING(255), allowNull: false },
      description: nullableAttribute(DataTypes.TEXT),
      sourceType: { type: DataTypes.ENUM(...KNOWLEDGE_SOURCE_TYPES), allowNull: false },
      // LONGTEXT on MySQL, TEXT on SQLite: the migration picks the size, the model only reads it.
      content: nullableAttribute(DataTypes.TEXT),
      url: nullableAttribute(DataTypes.STRING(2048)),
      filePath: nullableAttribute(DataTypes.STRING(255)),
      embeddingModel: nullableAttribute(DataTypes.STRING(50)),
      status: {
        type: DataTypes.ENUM(...KNOWLEDGE_BASE_STATUSES),
        allowNull: false,
        defaultValue: 'pending',
      },
      statusMessage: nullableAttribute(DataTypes.TEXT),
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'knowledge_base_configs' },
  );
}
