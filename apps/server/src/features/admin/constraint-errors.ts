import { ForeignKeyConstraintError, UniqueConstraintError } from 'sequelize';
import { AppError } from '@parley/protocol';

/** Constraint violations are the caller's conflict, not a server fault. */
export async function withConstraints<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UniqueConstraintError)
      throw new AppError('CONFLICT', 'Something with these values already exists', {
        field: Object.keys(error.fields)[0],
      });
    if (error instanceof ForeignKeyConstraintError)
      throw new AppError('CONFLICT', 'Other records still refer to this one');
    throw error;
  }
}
