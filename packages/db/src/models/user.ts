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
import { ZUserRoleSchema, type TUserRole } from '@parley/protocol';
import type { ChatSession } from './chat-session.ts';
import type { Notification } from './notification.ts';
import type { RefreshToken } from './refresh-token.ts';
import type { UserActivity } from './user-activity.ts';
import {
  dateAttribute,
  idAttribute,
  nullableAttribute,
  timestampAttributes,
} from './portable-attributes.ts';

export const USER_ROLES = ZUserRoleSchema.options;
export type UserRole = TUserRole;

/** A staff account (`users`): an admin, or an agent who takes over chats. Not a widget visitor. */
export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: CreationOptional<string>;
  declare email: string;
  declare fullName: string;
  declare passwordHash: CreationOptional<string | null>;
  declare role: CreationOptional<UserRole>;
  declare isActive: CreationOptional<boolean>;
  declare avatarUrl: CreationOptional<string | null>;
  declare lastLoginAt: CreationOptional<Date | null>;
  /** Raised when the user is disabled, demoted or given a new password: older tokens die. */
  declare tokenVersion: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare activities?: NonAttribute<UserActivity[]>;
  declare assignedSessions?: NonAttribute<ChatSession[]>;
  declare notifications?: NonAttribute<Notification[]>;
  declare refreshTokens?: NonAttribute<RefreshToken[]>;
}

export function initUser(sequelize: Sequelize): typeof User {
  return boundModel(User).init(
    {
      id: idAttribute(),
      email: {
        type: DataTypes.STRING(255),
        allowNull: false,
        unique: true,
        // MariaDB compares case-insensitively, SQLite does not: store one spelling so the unique
        // index and lookups agree on both. Callers lower-case emails they search by.
        set(value: string) {
          this.setDataValue('email', value.trim().toLowerCase());
        },
      },
      fullName: { type: DataTypes.STRING(255), allowNull: false },
      passwordHash: nullableAttribute(DataTypes.STRING(255)),
      role: {
        type: DataTypes.STRING(50),
        allowNull: false,
        defaultValue: 'agent',
        validate: { isIn: [USER_ROLES] },
      },
      isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      avatarUrl: nullableAttribute(DataTypes.STRING(255)),
      lastLoginAt: dateAttribute(),
      tokenVersion: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'users' },
  );
}
