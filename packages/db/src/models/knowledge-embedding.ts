import { boundModel } from './bound-model.ts';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { createdAtAttribute, idAttribute } from './portable-attributes.ts';

/**
 * The dense vector of a passage (`knowledge_embeddings`) for one embedding model, keyed by the
 * hash of what was embedded so unchanged passages keep theirs across re-indexing. `vector` is
 * little-endian float32, base64.
 */
export class KnowledgeEmbedding extends Model<
  InferAttributes<KnowledgeEmbedding>,
  InferCreationAttributes<KnowledgeEmbedding>
> {
  declare id: CreationOptional<string>;
  declare contentHash: string;
  declare model: string;
  declare dimensions: number;
  declare vector: string;
  declare createdAt: CreationOptional<Date>;
}

export function initKnowledgeEmbedding(sequelize: Sequelize): typeof KnowledgeEmbedding {
  return boundModel(KnowledgeEmbedding).init(
    {
      id: idAttribute(),
      contentHash: { type: DataTypes.CHAR(64), allowNull: false },
      model: { type: DataTypes.STRING(200), allowNull: false },
      dimensions: { type: DataTypes.INTEGER, allowNull: false },
      vector: { type: DataTypes.TEXT, allowNull: false },
      createdAt: createdAtAttribute(),
    },
    { sequelize, tableName: 'knowledge_embeddings', updatedAt: false },
  );
}
