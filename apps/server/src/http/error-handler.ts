import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, isAppError, type TErrorBody } from '@parley/protocol';
import { ZodError } from 'zod';
import type { Logger } from '../logging/create-logger.ts';

/** Turns anything thrown into an AppError; what is not one is logged and becomes INTERNAL. */
export function toAppError(error: unknown, logger: Logger): AppError {
  if (isAppError(error)) return error;
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join('.') || undefined;
    const message = field ? `${field}: ${issue?.message}` : (issue?.message ?? 'Invalid payload');
    return new AppError('INVALID_PAYLOAD', message, field ? { field } : undefined);
  }
  const bodyParserType = (error as { type?: unknown } | null)?.type;
  if (bodyParserType === 'entity.parse.failed')
    return new AppError('INVALID_PAYLOAD', 'The body is not valid JSON');
  if (bodyParserType === 'entity.too.large') return tooLarge(error);
  const correlationId = randomUUID();
  logger.error({ err: error, correlationId }, 'unhandled error');
  return new AppError('INTERNAL', 'Something went wrong on our side', { correlationId });
}

/** A body over a route's limit, saying the limit (body-parser's error carries it in bytes). */
function tooLarge(error: unknown): AppError {
  const limit = (error as { limit?: unknown }).limit;
  if (typeof limit !== 'number') return new AppError('INVALID_PAYLOAD', 'The body is too large');
  const size =
    limit >= 1024 * 1024
      ? `${+(limit / (1024 * 1024)).toFixed(1)} MB`
      : `${Math.ceil(limit / 1024)} KB`;
  return new AppError('INVALID_PAYLOAD', `The body is too large: at most ${size}`, {
    limitBytes: limit,
  });
}

/** The uniform error body of SPEC §4.4; never a stack trace or SQL. */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  // Express recognises an error handler by its four parameters.
  // eslint-disable-next-line max-params
  return (error: unknown, _req, res, _next) => {
    const appError = toAppError(error, logger);
    const body: TErrorBody = { error: appError.toJSON() };
    res.status(appError.httpStatus).json(body);
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', `No route for ${req.method} ${req.path}`));
};
