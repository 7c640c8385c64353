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
import { ZSessionStatusSchema, type TSessionStatus } from '@parley/protocol';
import type { ChatMessage } from './chat-message.ts';
import type { ContextRule } from './context-rule.ts';
import type { User } from './user.ts';
import type { Visitor } from './visitor.ts';
import type { WidgetConfig } from './widget-config.ts';
import {
  dateAttribute,
  foreignKeyAttribute,
  idAttribute,
  jsonAttribute,
  nullableAttribute,
  timestampAttributes,
  type JsonObject,
} from './portable-attributes.ts';

/** The protocol's session statuses (moves between them: the conversations feature's transitions). */
export const CHAT_SESSION_STATUSES = ZSessionStatusSchema.options;
export type ChatSessionStatus = TSessionStatus;

/** A conversation (`chat_sessions`) between one visitor and the AI, then possibly an agent. */
export class ChatSession extends Model<
  InferAttributes<ChatSession>,
  InferCreationAttributes<ChatSession>
> {
  declare id: CreationOptional<string>;
  declare widgetId: string;
  declare visitorId: string;
  declare contextRuleId: CreationOptional<string | null>;
  declare assignedUserId: CreationOptional<string | null>;
  declare status: CreationOptional<ChatSessionStatus>;
  declare title: CreationOptional<string | null>;
  /** The `seq` of the newest message; the next message takes `lastSeq + 1`. */
  declare lastSeq: CreationOptional<number>;
  declare isActive: CreationOptional<boolean>;
  declare metadata: CreationOptional<JsonObject | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare lastMessageAt: CreationOptional<Date>;

  declare widget?: NonAttribute<WidgetConfig>;
  declare visitor?: NonAttribute<Visitor>;
  declare contextRule?: NonAttribute<ContextRule>;
  declare assignedUser?: NonAttribute<User>;
  declare messages?: NonAttribute<ChatMessage[]>;
}

export function initChatSession(sequelize: Sequelize): typeof ChatSession {
  return boundModel(ChatSession).init(
    {
      id: idAttribute(),
      widgetId: foreignKeyAttribute({ allowNull: false }),
      visitorId: foreignKeyAttribute({ allowNull: false }),
      contextRuleId: foreignKeyAttribute({ allowNull: true }),
      assignedUserId: foreignKeyAttribute({ allowNull: true }),
      status: {
        type: DataTypes.ENUM(...CHAT_SESSION_STATUSES),
        allowNull: false,
        defaultValue: 'open',
      },
      title: nullableAttribute(DataTypes.STRING(255)),
      lastSeq: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      metadata: jsonAttribute(),
      ...timestampAttributes(),
      lastMessageAt: dateAttribute({ allowNull: false, defaultNow: true }),
    },
    { sequelize, tableName: 'chat_sessions' },
  );
}
