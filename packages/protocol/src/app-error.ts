import { HTTP_STATUS_BY_CODE, type TErrorCode } from './error-codes.ts';
import type { TError } from './error-body.ts';

/**
 * The one error type of Parley. Services throw it; the HTTP and socket edges turn it into
 * a response or an ack. Anything else thrown becomes `INTERNAL` at the edge.
 *
 * @example
 * throw new AppError('NOT_FOUND', 'No such session');
 * throw new AppError('INVALID_PAYLOAD', 'content must not be empty', { field: 'content' });
 */
export class AppError extends Error {
  readonly code: TErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: TErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }

  toJSON(): TError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
