import type { Sequelize } from 'sequelize';

// Placeholder until the model files land; replaced by the full set of models.
export type Models = Record<string, never>;

export function initModels(_sequelize: Sequelize): Models {
  return {};
}
