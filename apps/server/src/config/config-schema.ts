import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const urlWithProtocols = (protocols: string[], example: string) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL like ${example}` },
  );

const positiveInt = (min: number, max: number) =>
  z.coerce.number({ message: 'must be a number' }).int().min(min).max(max);

/**
 * Every environment variable Parley reads. `.env.example` lists the same names;
 * docs/operations.md explains each one.
 */
export const ZConfigSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535).default(3000),
  PUBLIC_URL: urlWithProtocols(['http:', 'https:'], 'https://chat.example.com').optional(),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_MESSAGE_LENGTH: z.coerce
    .number({ message: 'must be a number' })
    .int()
    .min(1)
    .max(100_000)
    .default(4000),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number({ message: 'must be a number' })
    .int()
    .min(0)
    .default(10_000),
  TRUST_PROXY: booleanFromEnv.default(false),
  REDIS_URL: urlWithProtocols(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').optional(),
  AI_BASE_URL: urlWithProtocols(['http:', 'https:'], 'https://api.openai.com/v1').optional(),
  AI_API_KEY: z.string().min(1).optional(),
  AI_MODEL: z.string().min(1).optional(),
  /**
   * Prices per model as JSON, `{"my-model": {"inputPerMillion": 0.2, "outputPerMillion": 0.6}}`
   * (US dollars per million tokens), merged over the built-in table for `estimated_cost`.
   */
  AI_MODEL_PRICES: z
    .string()
    .optional()
    .transform((value, context) => {
      if (!value) return {};
      try {
        return z
          .record(
            z.string().min(1),
            z.object({
              inputPerMillion: z.number().nonnegative(),
              outputPerMillion: z.number().nonnegative(),
            }),
          )
          .parse(JSON.parse(value));
      } catch {
        context.addIssue({
          code: 'custom',
          message: 'must be JSON: {"model": {"inputPerMillion": n, "outputPerMillion": n}}',
        });
        return z.NEVER;
      }
    }),
  /** An embeddings model at AI_BASE_URL (`/v1/embeddings`): knowledge search fuses BM25 with it. */
  AI_EMBEDDING_MODEL: z.string().min(1).optional(),
  /** Let admins' knowledge URLs and stored provider base URLs reach private/loopback hosts. */
  AI_ALLOW_PRIVATE_NETWORKS: booleanFromEnv.default(false),
  /** Comma-separated models tried in order when AI_MODEL gives no first token in time. */
  AI_FALLBACK_MODELS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((model) => model.trim())
        .filter(Boolean),
    ),
  JWT_SECRET: z
    .string()
    .min(32, { message: 'must be at least 32 characters of random data' })
    .optional(),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hex characters (32 random bytes)' })
    .optional(),
  /** When set, `GET /metrics` requires `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  RATE_LIMIT_WINDOW_MS: positiveInt(1_000, 3_600_000).default(10_000),
  RATE_LIMIT_MESSAGES_PER_VISITOR: positiveInt(1, 1_000_000).default(20),
  RATE_LIMIT_MESSAGES_PER_IP: positiveInt(1, 1_000_000).default(100),
  RATE_LIMIT_EVENTS_PER_VISITOR: positiveInt(1, 1_000_000).default(120),
  RATE_LIMIT_CONNECTIONS_PER_IP: positiveInt(1, 1_000_000).default(30),
  RATE_LIMIT_REQUESTS_PER_IP: positiveInt(1, 1_000_000).default(300),
  RESPONDER_TIMEOUT_MS: positiveInt(1_000, 600_000).default(90_000),
  /** How long an AI answer goes on after the visitor's last tab has gone (a reload comes back). */
  RESPONDER_ABANDON_AFTER_MS: positiveInt(100, 600_000).default(15_000),
  ACCESS_TOKEN_TTL_S: positiveInt(30, 86_400).default(900),
  BCRYPT_COST: positiveInt(12, 16).default(12),
  LOGIN_FAILURES_PER_ACCOUNT: positiveInt(1, 1_000).default(5),
  LOGIN_FAILURES_PER_IP: positiveInt(1, 100_000).default(50),
  LOGIN_THROTTLE_WINDOW_S: positiveInt(1, 86_400).default(900),
  DEMO: booleanFromEnv.optional(),
  DEMO_PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int()
    .min(0)
    .max(65535)
    .default(3001),
});

export type Config = z.infer<typeof ZConfigSchema>;
