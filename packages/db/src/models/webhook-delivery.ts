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
import type { Webhook } from './webhook.ts';
import {
  createdAtAttribute,
  dateAttribute,
  foreignKeyAttribute,
  idAttribute,
  nullableAttribute,
} from './portable-attributes.ts';

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * One event for one webhook (`webhook_deliveries`): the outbox row the sender works from, kept
 * afterwards as the delivery log. Its id is the delivery id the receiver deduplicates on.
 */
export class WebhookDelivery extends Model<
  InferAttributes<WebhookDelivery>,
  InferCreationAttributes<WebhookDelivery>
> {
  declare id: CreationOptional<string>;
  declare webhookId: string;
  declare event: string;
  /** Deliveries sharing a key (a conversation id) go out one at a time, by `position`. */
  declare orderingKey: CreationOptional<string | null>;
  /** Microseconds since the epoch, strictly increasing per process: the order of events. */
  declare position: number;
  /** The exact JSON body, signed and sent on every attempt. */
  declare payload: string;
  declare status: CreationOptional<WebhookDeliveryStatus>;
  declare attempts: CreationOptional<number>;
  /** When the next attempt is due; null once delivered. */
  declare nextAttemptAt: CreationOptional<Date | null>;
  /** A sender's lease: nobody else attempts this row before then. */
  declare lockedUntil: CreationOptional<Date | null>;
  declare lastAttemptAt: CreationOptional<Date | null>;
  declare deliveredAt: CreationOptional<Date | null>;
  declare responseStatus: CreationOptional<number | null>;
  declare responseBody: CreationOptional<string | null>;
  declare error: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;

  declare webhook?: NonAttribute<Webhook>;
}

export function initWebhookDelivery(sequelize: Sequelize): typeof WebhookDelivery {
  return boundModel(WebhookDelivery).init(
    {
      id: idAttribute(),
      webhookId: foreignKeyAttribute({ allowNull: false }),
      event: { type: DataTypes.STRING(64), allowNull: false },
      orderingKey: nullableAttribute(DataTypes.STRING(64)),
      position: { type: DataTypes.DOUBLE, allowNull: false },
      payload: { type: DataTypes.TEXT, allowNull: false },
      status: {
        type: DataTypes.STRING(16),
        allowNull: false,
        defaultValue: 'pending',
        validate: { isIn: [WEBHOOK_DELIVERY_STATUSES] },
      },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      nextAttemptAt: dateAttribute(),
      lockedUntil: dateAttribute(),
      lastAttemptAt: dateAttribute(),
      deliveredAt: dateAttribute(),
      responseStatus: nullableAttribute(DataTypes.INTEGER),
      responseBody: nullableAttribute(DataTypes.TEXT),
      error: nullableAttribute(DataTypes.STRING(1000)),
      createdAt: createdAtAttribute(),
    },
    { sequelize, tableName: 'webhook_deliveries', updatedAt: false },
  );
}
