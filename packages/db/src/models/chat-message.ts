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
  ZMessageStatusSchema,
  ZSenderTypeSchema,
  type TMessageStatus,
  type TSenderType,
} from '@parley/protocol';
import type { ChatSession } from './chat-session.ts';
import type { MessageFeedback } from './message-feedback.ts';
import {
  createdAtAttribute,
  foreignKeyAttribute,
  idAttribute,
  jsonAttribute,
  nullableAttribute,
  type JsonObject,
} from './portable-attributes.ts';

// The column's values are the protocol's enums: one list, so a new status cannot drift.
export const MESSAGE_SENDER_TYPES = ZSenderTypeSchema.options;
export type MessageSenderType = TSenderType;
export const MESSAGE_STATUSES = ZMessageStatusSchema.options;
export type MessageStatus = TMessageStatus;

/**
 * One message of a session (`chat_messages`). `seq` is gapless per session and `clientId`
 * (the sender's idempotency key) unique per session; both are enforced by unique indexes.
 */
export class ChatMessage extends Model<
  InferAttributes<ChatMessage>,
  InferCreationAttributes<ChatMessage>
> {
  declare id: CreationOptional<string>;
  declare sessionId: string;
  declare seq: number;
  declare clientId: CreationOptional<string | null>;
  declare senderType: MessageSenderType;
  /** A visitor's or user's id for `visitor` and `agent` messages; null for `ai` and `system`. */
  declare senderId: CreationOptional<string | null>;
  declare content: string;
  declare metadata: CreationOptional<JsonObject | null>;
  declare status: CreationOptional<MessageStatus>;
  declare createdAt: CreationOptional<Date>;

  declare session?: NonAttribute<ChatSession>;
  declare feedback?: NonAttribute<MessageFeedback[]>;
}

export function initChatMessage(sequelize: Sequelize): typeof ChatMessage {
  return boundModel(ChatMessage).init(
    {
      id: idAttribute(),
      sessionId: foreignKeyAttribute({ allowNull: false }),
      seq: { type: DataTypes.INTEGER, allowNull: false },
      clientId: nullableAttribute(DataTypes.STRING(64)),
      senderType: { type: DataTypes.ENUM(...MESSAGE_SENDER_TYPES), allowNull: false },
      senderId: nullableAttribute(DataTypes.STRING(36)),
      content: { type: DataTypes.TEXT, allowNull: false },
      metadata: jsonAttribute(),
      status: {
        type: DataTypes.ENUM(...MESSAGE_STATUSES),
        allowNull: false,
        defaultValue: 'delivered',
      },
      createdAt: createdAtAttribute(),
    },
    { sequelize, tableName: 'chat_messages', updatedAt: false },
  );
}
