import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout. Paths that may carry secrets are redacted wherever they appear, so a
 * careless log call cannot leak a token or password.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'parley' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.passwordHash',
        '*.token',
        '*.accessToken',
        '*.refreshToken',
        '*.visitorToken',
        '*.identitySecret',
        '*.apiKey',
      ],
      censor: '[redacted]',
    },
  });
}
