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
import type { ChatMessage } from './chat-message.ts';
import type { Visitor } from './visitor.ts';
import {
  createdAtAttribute,
  foreignKeyAttribute,
  idAttribute,
  nullableAttribute,
} from './portable-attributes.ts';

export const FEEDBACK_RATINGS = ['up', 'down'] as const;
export type FeedbackRating = (typeof FEEDBACK_RATINGS)[number];

/** A visitor's thumbs up or down on an answer (`message_feedback`), once per message. */
export class MessageFeedback extends Model<
  InferAttributes<MessageFeedback>,
  InferCreationAttributes<MessageFeedback>
> {
  declare id: CreationOptional<string>;
  declare messageId: string;
  declare visitorId: string;
  declare rating: FeedbackRating;
  declare comment: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;

  declare message?: NonAttribute<ChatMessage>;
  declare visitor?: NonAttribute<Visitor>;
}

export function initMessageFeedback(sequelize: Sequelize): typeof MessageFeedback {
  return boundModel(MessageFeedback).init(
    {
      id: idAttribute(),
      messageId: foreignKeyAttribute({ allowNull: false }),
      visitorId: foreignKeyAttribute({ allowNull: false }),
      rating: { type: DataTypes.ENUM(...FEEDBACK_RATINGS), allowNull: false },
      comment: nullableAttribute(DataTypes.TEXT),
      createdAt: createdAtAttribute(),
    },
    { sequelize, tableName: 'message_feedback', updatedAt: false },
  );
}
