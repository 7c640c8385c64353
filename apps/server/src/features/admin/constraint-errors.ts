import {
  ForeignKeyConstraintError,
  UniqueConstraintError,
  type Model,
  type ModelStatic,
} from 'sequelize';
import { AppError } from '@parley/protocol';

/**
 * Constraint violations are the caller's conflict, not a server fault. With the `model` written
 * to, a duplicate names the field as the API does, so the dashboard says it at that field.
 */
export async function withConstraints<T>(
  work: () => Promise<T>,
  model?: ModelStatic<Model>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UniqueConstraintError) {
      const field = model ? duplicateField(error, model) : undefined;
      throw new AppError(
        'CONFLICT',
        field
          ? `Something with this ${field} already exists`
          : 'Something with these values already exists',
        field ? { field } : undefined,
      );
    }
    if (error instanceof ForeignKeyConstraintError)
      throw new AppError('CONFLICT', 'Other records still refer to this one');
    throw error;
  }
}

/**
 * The attribute behind a unique index's first column. Sequelize gives the columns as an array on
 * SQLite, and on MySQL the index's name (`<table>_<column>`) as the key of `fields`.
 */
function duplicateField(
  error: UniqueConstraintError,
  model: ModelStatic<Model>,
): string | undefined {
  const fields: unknown = error.fields;
  const key: unknown = Array.isArray(fields)
    ? (fields as unknown[])[0]
    : fields && typeof fields === 'object'
      ? Object.keys(fields)[0]
      : undefined;
  if (typeof key !== 'string') return undefined;
  const table = model.tableName;
  const column = key.startsWith(`${table}_`) ? key.slice(table.length + 1) : key;
  const attributes = Object.entries(model.getAttributes());
  return attributes.find(([name, attribute]) => (attribute.field ?? name) === column)?.[0];
}
