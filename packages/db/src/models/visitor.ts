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

/**
 * An end user of one widget (`visitors`): anonymous, or identified by the host page with an
 * `externalId` (unique per widget) and, when signed with the widget's secret, verified.
 */
export class Visitor extends Model<InferAttributes<Visitor>, InferCreationAttributes<Visitor>> {
  declare id: CreationOptional<string>;
  declare widgetId: string;
  declare externalId: CreationOptional<string | null>;
  declare isVerified: CreationOptional<boolean>;
  declare name: CreationOptional<string | null>;
  declare email: CreationOptional<string | null>;
  /** When the visitor confirmed `email` for replies (a verified visitor's needs no confirming). */
  declare emailConfirmedAt: CreationOptional<Date | null>;
  declare emailOptedOutAt: CreationOptional<Date | null>;
  declare attributes: CreationOptional<JsonObject | null>;
  declare firstSeenAt: CreationOptional<Date>;
  declare lastSeenAt: CreationOptional<Date>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare widget?: NonAttribute<WidgetConfig>;
  declare sessions?: NonAttribute<ChatSession[]>;
}

export function initVisitor(sequelize: Sequelize): typeof Visitor {
  return boundModel(Visitor).init(
    {
      id: idAttribute(),
      widgetId: foreignKeyAttribute({ allowNull: false }),
      externalId: nullableAttribute(DataTypes.STRING(255)),
      isVerified: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      name: nullableAttribute(DataTypes.STRING(255)),
      email: nullableAttribute(DataTypes.STRING(255)),
      emailConfirmedAt: dateAttribute(),
      emailOptedOutAt: dateAttribute(),
      attributes: jsonAttribute(),
      firstSeenAt: dateAttribute({ allowNull: false, defaultNow: true }),
      lastSeenAt: dateAttribute({ allowNull: false, defaultNow: true }),
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'visitors' },
  );
}
