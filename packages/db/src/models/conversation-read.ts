import { boundModel } from './bound-model.ts';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { foreignKeyAttribute, idAttribute, timestampAttributes } from './portable-attributes.ts';

/** How far one staff user has read one conversation (`conversation_reads`): its unread mark. */
export class ConversationRead extends Model<
  InferAttributes<ConversationRead>,
  InferCreationAttributes<ConversationRead>
> {
  declare id: CreationOptional<string>;
  declare userId: string;
  declare sessionId: string;
  /** The highest message `seq` this user has seen in the session. */
  declare lastReadSeq: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initConversationRead(sequelize: Sequelize): typeof ConversationRead {
  return boundModel(ConversationRead).init(
    {
      id: idAttribute(),
      userId: foreignKeyAttribute({ allowNull: false }),
      sessionId: foreignKeyAttribute({ allowNull: false }),
      lastReadSeq: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'conversation_reads' },
  );
}
