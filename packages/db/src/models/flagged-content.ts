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
import {
  ZFlagReporterTypeSchema,
  ZFlagStatusSchema,
  type TFlagReporterType,
  type TFlagStatus,
} from '@parley/protocol';
import type { ChatSession } from './chat-session.ts';
import type { ModerationRule } from './moderation-rule.ts';
import type { User } from './user.ts';
import {
  dateAttribute,
  foreignKeyAttribute,
  idAttribute,
  timestampAttributes,
} from './portable-attributes.ts';

export const FLAGGED_CONTENT_TYPES = ['message', 'user', 'attachment'] as const;
export type FlaggedContentType = (typeof FLAGGED_CONTENT_TYPES)[number];
export const FLAG_STATUSES = ZFlagStatusSchema.options;
export type FlagStatus = TFlagStatus;
export const FLAG_REPORTER_TYPES = ZFlagReporterTypeSchema.options;
export type FlagReporterType = TFlagReporterType;

/** An item in the moderation queue (`flagged_content`), reported by a rule, visitor or user. */
export class FlaggedContent extends Model<
  InferAttributes<FlaggedContent>,
  InferCreationAttributes<FlaggedContent>
> {
  declare id: CreationOptional<string>;
  declare contentId: string;
  declare contentType: FlaggedContentType;
  declare sessionId: CreationOptional<string | null>;
  declare moderationRuleId: CreationOptional<string | null>;
  declare reason: string;
  declare status: CreationOptional<FlagStatus>;
  declare reporterType: CreationOptional<FlagReporterType>;
  declare reportedBy: CreationOptional<string | null>;
  declare reviewedBy: CreationOptional<string | null>;
  declare reviewedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare session?: NonAttribute<ChatSession>;
  declare moderationRule?: NonAttribute<ModerationRule>;
  declare reporter?: NonAttribute<User>;
  declare reviewer?: NonAttribute<User>;
}

export function initFlaggedContent(sequelize: Sequelize): typeof FlaggedContent {
  return boundModel(FlaggedContent).init(
    {
      id: idAttribute(),
      contentId: { type: DataTypes.STRING(36), allowNull: false },
      contentType: { type: DataTypes.ENUM(...FLAGGED_CONTENT_TYPES), allowNull: false },
      sessionId: foreignKeyAttribute({ allowNull: true }),
      moderationRuleId: foreignKeyAttribute({ allowNull: true }),
      reason: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.ENUM(...FLAG_STATUSES), allowNull: false, defaultValue: 'pending' },
      reporterType: {
        type: DataTypes.ENUM(...FLAG_REPORTER_TYPES),
        allowNull: false,
        defaultValue: 'system',
      },
      reportedBy: foreignKeyAttribute({ allowNull: true }),
      reviewedBy: foreignKeyAttribute({ allowNull: true }),
      reviewedAt: dateAttribute(),
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'flagged_content' },
  );
}
