import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout. Paths that may carry secrets are redacted wherever they appear, so a
 * careless log call cannot leak a token or password. `destination` (default stdout) lets tests
 * read what would be written.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
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
          // An integration API key and a webhook signing secret, as their creation answers them.
          '*.key',
          '*.secret',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
