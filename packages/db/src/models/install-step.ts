import { boundModel } from './bound-model.ts';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { createdAtAttribute } from './portable-attributes.ts';

export const INSTALL_STEPS = ['first-admin'] as const;
export type InstallStepName = (typeof INSTALL_STEPS)[number];

/**
 * A one-time installation step that is done (`install_steps`). The primary key is the step's
 * name, so a step can be claimed once only, even by two requests at the same instant.
 */
export class InstallStep extends Model<
  InferAttributes<InstallStep>,
  InferCreationAttributes<InstallStep>
> {
  declare name: InstallStepName;
  declare createdAt: CreationOptional<Date>;
}

export function initInstallStep(sequelize: Sequelize): typeof InstallStep {
  return boundModel(InstallStep).init(
    {
      name: {
        type: DataTypes.STRING(64),
        primaryKey: true,
        allowNull: false,
        validate: { isIn: [INSTALL_STEPS] },
      },
      createdAt: createdAtAttribute(),
    },
    { sequelize, tableName: 'install_steps', updatedAt: false },
  );
}
