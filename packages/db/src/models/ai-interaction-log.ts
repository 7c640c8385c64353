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
import type { ChatSession } from './chat-session.ts';
import type { ContextRule } from './context-rule.ts';
import type { Visitor } from './visitor.ts';
import {
  createdAtAttribute,
  decimalAttribute,
  foreignKeyAttribute,
  idAttribute,
  jsonAttribute,
  nullableAttribute,
  type JsonObject,
} from './portable-attributes.ts';

export const AI_DECISIONS = ['answered', 'refused', 'failed'] as const;
export type AiDecision = (typeof AI_DECISIONS)[number];

/** One answer or refusal of the AI pipeline (`ai_interaction_logs`), with its costs. */
export class AiInteractionLog extends Model<
  InferAttributes<AiInteractionLog>,
  InferCreationAttributes<AiInteractionLog>
> {
  declare id: CreationOptional<string>;
  declare visitorId: CreationOptional<string | null>;
  declare sessionId: CreationOptional<string | null>;
  /** Not a foreign key: the log outlives the message. */
  declare messageId: CreationOptional<string | null>;
  declare query: string;
  declare response: string;
  declare modelUsed: string;
  declare contextRuleId: CreationOptional<string | null>;
  declare decision: AiDecision;
  declare refusalReason: CreationOptional<string | null>;
  declare cacheHit: CreationOptional<boolean>;
  declare fallbackUsed: CreationOptional<boolean>;
  declare knowledgeBaseResults: CreationOptional<number | null>;
  /** Plain text in the schema (not JSON); the writer chooses the encoding. */
  declare knowledgeBaseIds: CreationOptional<string | null>;
  declare latencyFirstTokenMs: CreationOptional<number | null>;
  declare latencyTotalMs: CreationOptional<number | null>;
  declare tokensIn: CreationOptional<number | null>;
  declare tokensOut: CreationOptional<number | null>;
  /** DECIMAL(12, 6), read as a number and rounded to 6 places on write on every engine. */
  declare estimatedCost: CreationOptional<number | null>;
  declare metadata: CreationOptional<JsonObject | null>;
  declare createdAt: CreationOptional<Date>;

  declare visitor?: NonAttribute<Visitor>;
  declare session?: NonAttribute<ChatSession>;
  declare contextRule?: NonAttribute<ContextRule>;
}

export function initAiInteractionLog(sequelize: Sequelize): typeof AiInteractionLog {
  return boundModel(AiInteractionLog).init(
    {
      id: idAttribute(),
      visitorId: foreignKeyAttribute({ allowNull: true }),
      sessionId: foreignKeyAttribute({ allowNull: true }),
      messageId: nullableAttribute(DataTypes.STRING(36)),
      query: { type: DataTypes.TEXT, allowNull: false },
      response: { type: DataTypes.TEXT, allowNull: false },
      modelUsed: { type: DataTypes.STRING(100), allowNull: false },
      contextRuleId: foreignKeyAttribute({ allowNull: true }),
      decision: { type: DataTypes.ENUM(...AI_DECISIONS), allowNull: false },
      refusalReason: nullableAttribute(DataTypes.STRING(255)),
      cacheHit: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      fallbackUsed: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      knowledgeBaseResults: nullableAttribute(DataTypes.INTEGER),
      knowledgeBaseIds: nullableAttribute(DataTypes.TEXT),
      latencyFirstTokenMs: nullableAttribute(DataTypes.INTEGER),
      latencyTotalMs: nullableAttribute(DataTypes.INTEGER),
      tokensIn: nullableAttribute(DataTypes.INTEGER),
      tokensOut: nullableAttribute(DataTypes.INTEGER),
      estimatedCost: decimalAttribute(12, 6),
      metadata: jsonAttribute(),
      createdAt: createdAtAttribute(),
    },
    { sequelize, tableName: 'ai_interaction_logs', updatedAt: false },
  );
}
