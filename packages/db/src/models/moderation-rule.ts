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
import type { FlaggedContent } from './flagged-content.ts';
import { idAttribute, nullableAttribute, timestampAttributes } from './portable-attributes.ts';

export const MODERATION_ACTIONS = ['flag', 'block', 'replace'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** A word list or regex (`moderation_rules`) run on messages and answers. */
export class ModerationRule extends Model<
  InferAttributes<ModerationRule>,
  InferCreationAttributes<ModerationRule>
> {
  declare id: CreationOptional<string>;
  declare name: string;
  declare description: CreationOptional<string | null>;
  declare pattern: string;
  declare isRegex: CreationOptional<boolean>;
  declare action: CreationOptional<ModerationAction>;
  declare replacement: CreationOptional<string | null>;
  declare isActive: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare flags?: NonAttribute<FlaggedContent[]>;
}

export function initModerationRule(sequelize: Sequelize): typeof ModerationRule {
  return boundModel(ModerationRule).init(
    {
      id: idAttribute(),
      name: { type: DataTypes.STRING(255), allowNull: false },
      description: nullableAttribute(DataTypes.TEXT),
      pattern: { type: DataTypes.TEXT, allowNull: false },
      isRegex: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      action: {
        type: DataTypes.ENUM(...MODERATION_ACTIONS),
        allowNull: false,
        defaultValue: 'flag',
      },
      replacement: nullableAttribute(DataTypes.TEXT),
      isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'moderation_rules' },
  );
}
