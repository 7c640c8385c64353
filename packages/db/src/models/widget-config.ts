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
import type { ContextRule } from './context-rule.ts';
import type { Visitor } from './visitor.ts';
import {
  foreignKeyAttribute,
  idAttribute,
  jsonAttribute,
  nullableAttribute,
  timestampAttributes,
} from './portable-attributes.ts';

export const WIDGET_CONTEXT_MODES = ['restricted', 'open', 'custom'] as const;
export type WidgetContextMode = (typeof WIDGET_CONTEXT_MODES)[number];
export const WIDGET_POSITIONS = ['bottom-right', 'bottom-left', 'top-right', 'top-left'] as const;
export type WidgetPosition = (typeof WIDGET_POSITIONS)[number];
export const WIDGET_THEMES = ['auto', 'light', 'dark'] as const;
export type WidgetTheme = (typeof WIDGET_THEMES)[number];

/** Pages whose URL matches `pattern` (e.g. `/docs/*`) are answered under another context rule. */
export interface ContextRoute {
  pattern: string;
  contextRuleId: string;
}

/** When the team answers; see `ZOfficeHoursSchema` in the protocol package. */
export interface OfficeHours {
  timeZone: string;
  openings: { day: number; from: string; to: string }[];
  holidays: string[];
}

/** One embeddable widget (`widget_configs`), found by its public `widgetKey`. */
export class WidgetConfig extends Model<
  InferAttributes<WidgetConfig>,
  InferCreationAttributes<WidgetConfig>
> {
  declare id: CreationOptional<string>;
  declare widgetKey: string;
  declare name: string;
  declare allowedOrigins: CreationOptional<string[] | null>;
  declare initiallyOpen: CreationOptional<boolean>;
  declare contextMode: CreationOptional<WidgetContextMode>;
  declare contextName: CreationOptional<string>;
  declare contextRuleId: CreationOptional<string | null>;
  declare contextRoutes: CreationOptional<ContextRoute[] | null>;
  /** Provider profiles (`api_keys` ids) in fallback order; `null`: the installation's default. */
  declare providerKeyIds: CreationOptional<string[] | null>;
  declare title: CreationOptional<string>;
  declare primaryColor: CreationOptional<string>;
  declare position: CreationOptional<WidgetPosition>;
  declare greeting: CreationOptional<string | null>;
  declare placeholder: CreationOptional<string | null>;
  declare locale: CreationOptional<string>;
  declare theme: CreationOptional<WidgetTheme>;
  declare zIndex: CreationOptional<number>;
  declare identitySecret: CreationOptional<string | null>;
  declare handoffEnabled: CreationOptional<boolean>;
  /** Said once when a person is asked for; `null`: the assistant waits quietly. */
  declare handoffWaitingMessage: CreationOptional<string | null>;
  declare cacheTtlS: CreationOptional<number>;
  declare showOnMobile: CreationOptional<boolean>;
  declare isActive: CreationOptional<boolean>;
  declare isDefault: CreationOptional<boolean>;
  declare officeHours: CreationOptional<OfficeHours | null>;
  declare replyWithinHours: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare contextRule?: NonAttribute<ContextRule>;
  declare visitors?: NonAttribute<Visitor[]>;
  declare sessions?: NonAttribute<ChatSession[]>;
}

export function initWidgetConfig(sequelize: Sequelize): typeof WidgetConfig {
  return boundModel(WidgetConfig).init(
    {
      id: idAttribute(),
      widgetKey: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      name: { type: DataTypes.STRING(255), allowNull: false },
      allowedOrigins: jsonAttribute(),
      initiallyOpen: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      contextMode: {
        type: DataTypes.ENUM(...WIDGET_CONTEXT_MODES),
        allowNull: false,
        defaultValue: 'restricted',
      },
      contextName: {
        type: DataTypes.STRING(255),
        allowNull: false,
        defaultValue: 'Website Assistance',
      },
      contextRuleId: foreignKeyAttribute({ allowNull: true }),
      contextRoutes: jsonAttribute(),
      providerKeyIds: jsonAttribute(),
      title: { type: DataTypes.STRING(255), allowNull: false, defaultValue: 'Chat Widget' },
      primaryColor: { type: DataTypes.STRING(50), allowNull: false, defaultValue: '#4f46e5' },
      position: {
        type: DataTypes.ENUM(...WIDGET_POSITIONS),
        allowNull: false,
        defaultValue: 'bottom-right',
      },
      greeting: nullableAttribute(DataTypes.TEXT),
      placeholder: nullableAttribute(DataTypes.STRING(255)),
      locale: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'en' },
      theme: { type: DataTypes.ENUM(...WIDGET_THEMES), allowNull: false, defaultValue: 'auto' },
      zIndex: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 2147483000 },
      identitySecret: nullableAttribute(DataTypes.STRING(512)),
      handoffEnabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      handoffWaitingMessage: nullableAttribute(DataTypes.TEXT),
      cacheTtlS: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 86400 },
      showOnMobile: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      isDefault: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      officeHours: jsonAttribute(),
      replyWithinHours: nullableAttribute(DataTypes.INTEGER),
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'widget_configs' },
  );
}
