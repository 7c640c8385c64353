import { describe, expect, it } from 'vitest';
import { AppError, isAppError } from './app-error.ts';
import { ZErrorBodySchema } from './error-body.ts';
import { HTTP_STATUS_BY_CODE, ZErrorCodeSchema } from './error-codes.ts';

describe('AppError', () => {
  it('serialises to the uniform error shape', () => {
    const error = new AppError('MESSAGE_TOO_LONG', 'Too long', { field: 'content', max: 4000 });
    expect(ZErrorBodySchema.parse({ error: error.toJSON() })).toEqual({
      error: {
        code: 'MESSAGE_TOO_LONG',
        message: 'Too long',
        details: { field: 'content', max: 4000 },
      },
    });
    expect(error.httpStatus).toBe(413);
    expect(isAppError(error)).toBe(true);
    expect(isAppError(new Error('x'))).toBe(false);
  });

  it('maps every code of the spec to a client or server HTTP status', () => {
    for (const code of ZErrorCodeSchema.options) {
      const status = HTTP_STATUS_BY_CODE[code];
      expect(status >= 400 && status < 600, code).toBe(true);
    }
    expect(ZErrorCodeSchema.options).toHaveLength(14);
  });
});
