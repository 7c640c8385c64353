import { boundModel } from './bound-model.ts';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idAttribute, timestampAttributes } from './portable-attributes.ts';

/** A reply staff reuse (`canned_replies`), inserted by typing `/shortcut` in the composer. */
export class CannedReply extends Model<
  InferAttributes<CannedReply>,
  InferCreationAttributes<CannedReply>
> {
  declare id: CreationOptional<string>;
  /** Unique; lowercase letters, digits, `-` and `_`. */
  declare shortcut: string;
  declare title: string;
  declare content: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initCannedReply(sequelize: Sequelize): typeof CannedReply {
  return boundModel(CannedReply).init(
    {
      id: idAttribute(),
      shortcut: { type: DataTypes.STRING(32), allowNull: false, unique: true },
      title: { type: DataTypes.STRING(255), allowNull: false },
      content: { type: DataTypes.TEXT, allowNull: false },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'canned_replies' },
  );
}
