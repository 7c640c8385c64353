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
import type { User } from './user.ts';
import { createdAtAttribute, foreignKeyAttribute, idAttribute } from './portable-attributes.ts';

/** A private note on a conversation (`conversation_notes`): staff only, never sent to a visitor. */
export class ConversationNote extends Model<
  InferAttributes<ConversationNote>,
  InferCreationAttributes<ConversationNote>
> {
  declare id: CreationOptional<string>;
  declare sessionId: string;
  /** The author; null once their account is deleted. */
  declare userId: string | null;
  declare content: string;
  declare createdAt: CreationOptional<Date>;

  declare user?: NonAttribute<User>;
}

export function initConversationNote(sequelize: Sequelize): typeof ConversationNote {
  return boundModel(ConversationNote).init(
    {
      id: idAttribute(),
      sessionId: foreignKeyAttribute({ allowNull: false }),
      userId: foreignKeyAttribute({ allowNull: true }),
      content: { type: DataTypes.TEXT, allowNull: false },
      createdAt: createdAtAttribute(),
    },
    { sequelize, tableName: 'conversation_notes', updatedAt: false },
  );
}
