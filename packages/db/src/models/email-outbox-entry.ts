import { boundModel } from './bound-model.ts';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import {
  createdAtAttribute,
  dateAttribute,
  idAttribute,
  nullableAttribute,
} from './portable-attributes.ts';

export const EMAIL_STATUSES = ['pending', 'sent'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** One mail to send (`email_outbox`), retried with backoff until the SMTP server takes it. */
export class EmailOutboxEntry extends Model<
  InferAttributes<EmailOutboxEntry>,
  InferCreationAttributes<EmailOutboxEntry>
> {
  declare id: CreationOptional<string>;
  /** What it is, e.g. `transcript`. */
  declare kind: string;
  declare toAddress: string;
  declare replyTo: CreationOptional<string | null>;
  declare unsubscribeUrl: CreationOptional<string | null>;
  declare sessionId: CreationOptional<string | null>;
  declare subject: string;
  declare textBody: string;
  declare htmlBody: string;
  declare status: CreationOptional<EmailStatus>;
  declare attempts: CreationOptional<number>;
  declare nextAttemptAt: CreationOptional<Date | null>;
  declare lockedUntil: CreationOptional<Date | null>;
  declare lastError: CreationOptional<string | null>;
  declare sentAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

export function initEmailOutboxEntry(sequelize: Sequelize): typeof EmailOutboxEntry {
  return boundModel(EmailOutboxEntry).init(
    {
      id: idAttribute(),
      kind: { type: DataTypes.STRING(32), allowNull: false },
      toAddress: { type: DataTypes.STRING(255), allowNull: false },
      replyTo: nullableAttribute(DataTypes.STRING(255)),
      unsubscribeUrl: nullableAttribute(DataTypes.STRING(1000)),
      sessionId: nullableAttribute(DataTypes.STRING(36)),
      subject: { type: DataTypes.STRING(255), allowNull: false },
      textBody: { type: DataTypes.TEXT, allowNull: false },
      htmlBody: { type: DataTypes.TEXT, allowNull: false },
      status: {
        type: DataTypes.STRING(16),
        allowNull: false,
        defaultValue: 'pending',
        validate: { isIn: [EMAIL_STATUSES] },
      },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      nextAttemptAt: dateAttribute(),
      lockedUntil: dateAttribute(),
      lastError: nullableAttribute(DataTypes.STRING(1000)),
      sentAt: dateAttribute(),
      createdAt: createdAtAttribute(),
    },
    { sequelize, tableName: 'email_outbox', updatedAt: false },
  );
}
