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
import type { WebhookDelivery } from './webhook-delivery.ts';
import {
  foreignKeyAttribute,
  idAttribute,
  jsonAttribute,
  nullableAttribute,
  timestampAttributes,
} from './portable-attributes.ts';

/** A webhook subscription (`webhooks`): where to POST which events, signed with `secret`. */
export class Webhook extends Model<InferAttributes<Webhook>, InferCreationAttributes<Webhook>> {
  declare id: CreationOptional<string>;
  declare url: string;
  declare events: string[];
  declare description: CreationOptional<string | null>;
  /** The HMAC signing secret, needed in clear to sign; never returned after creation. */
  declare secret: string;
  declare isActive: CreationOptional<boolean>;
  declare consecutiveFailures: CreationOptional<number>;
  declare disabledReason: CreationOptional<string | null>;
  declare createdBy: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare creator?: NonAttribute<User | null>;
  declare deliveries?: NonAttribute<WebhookDelivery[]>;
}

export function initWebhook(sequelize: Sequelize): typeof Webhook {
  return boundModel(Webhook).init(
    {
      id: idAttribute(),
      url: { type: DataTypes.STRING(2048), allowNull: false },
      events: { ...jsonAttribute(), allowNull: false, defaultValue: undefined },
      description: nullableAttribute(DataTypes.STRING(255)),
      secret: { type: DataTypes.STRING(128), allowNull: false },
      isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      consecutiveFailures: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      disabledReason: nullableAttribute(DataTypes.STRING(255)),
      createdBy: foreignKeyAttribute({ allowNull: true }),
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'webhooks' },
  );
}
