import ipaddr from 'ipaddr.js';
import proxyAddr from 'proxy-addr';
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

const TRUST_PROXY_MESSAGE =
  'must be a hop count (1) or proxy addresses/subnets (loopback, 10.0.0.0/8, ...); never true, which trusts any client';

/**
 * Express's own `trust proxy` forms, minus `true`: `false`, a hop count, or a comma list of
 * addresses, subnets and the names `loopback`, `linklocal`, `uniquelocal`. `true` would take the
 * left-most `X-Forwarded-For`, which the client writes, and defeat every per-address limit and ban.
 */
const trustProxy = z.string().transform((value, ctx): false | number | string[] => {
  const text = value.trim().toLowerCase();
  if (text === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  try {
    if (entries.some((entry) => entry === '' || entry === 'true')) throw new Error('no');
    proxyAddr.compile(entries);
  } catch {
    ctx.addIssue({ code: 'custom', message: TRUST_PROXY_MESSAGE });
    return z.NEVER;
  }
  const tooWide = entries.find((entry) => prefixLengthOf(entry) < MIN_TRUSTED_PREFIX);
  if (tooWide !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `subnet ${tooWide} is wider than /${MIN_TRUSTED_PREFIX}: that trusts the X-Forwarded-For of clients, not proxies; list the proxies' own addresses`,
    });
    return z.NEVER;
  }
  return entries;
});

/** Trusting a subnet wider than this takes in clients' own addresses, not just proxies. */
const MIN_TRUSTED_PREFIX = 8;

/** The prefix length of `10.0.0.0/8` or `10.0.0.0/255.0.0.0`; a plain address or name is exact. */
function prefixLengthOf(entry: string): number {
  const [, range] = entry.split('/');
  if (range === undefined) return Number.POSITIVE_INFINITY;
  if (/^\d+$/.test(range)) return Number(range);
  return ipaddr.IPv4.parse(range).prefixLengthFromSubnetMask() ?? 0;
}

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
  /** MySQL: how long a hot-path write may wait for the database (see writer-drivers.ts). */
  DB_WRITE_TIMEOUT_MS: positiveInt(100, 600_000).default(3_000),
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
  /** How often each node re-reads the users of its `/admin` sockets (see admin-gateway.ts). */
  STAFF_SOCKET_RECHECK_MS: positiveInt(100, 3_600_000).default(30_000),
  TRUST_PROXY: trustProxy.default(false),
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
  /**
   * With a provider: ask the model for the follow-up chips under each fresh answer (a second,
   * small call), related passages' questions remaining the fallback. Off: related passages only.
   */
  AI_SUGGESTIONS_FROM_MODEL: booleanFromEnv.default(false),
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
  /** Let webhook URLs reach private/loopback hosts (refused by default: SSRF protection). */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: booleanFromEnv.default(false),
  /** How long one webhook delivery may take (connect, answer and body). */
  WEBHOOK_TIMEOUT_MS: positiveInt(100, 120_000).default(10_000),
  /** The first retry's delay; each further one doubles, up to an hour. */
  WEBHOOK_RETRY_BASE_MS: positiveInt(10, 3_600_000).default(10_000),
  /** Failed attempts in a row after which a webhook is switched off and staff are told. */
  WEBHOOK_DISABLE_AFTER_FAILURES: positiveInt(1, 10_000).default(20),
  /** Requests per minute each integration API key may make (per node). */
  API_KEY_REQUESTS_PER_MINUTE: positiveInt(1, 1_000_000).default(600),
  /** `smtp://user:pass@host:587` or `smtps://…:465`; unset: mail waits in the outbox, unsent. */
  SMTP_URL: urlWithProtocols(
    ['smtp:', 'smtps:'],
    'smtp://user:password@mail.example.com:587',
  ).optional(),
  /** The sender of Parley's mail. */
  MAIL_FROM: z.string().min(3).default('Parley <no-reply@localhost>'),
  /** The first retry's delay for mail the SMTP server refused; doubling up to an hour. */
  EMAIL_RETRY_BASE_MS: positiveInt(10, 3_600_000).default(30_000),
  /**
   * The mailbox visitors' email replies go to, e.g. `reply@chat.example.com`: each mail is sent
   * with `Reply-To: reply+<conversation token>@…`. Unset: mail says to answer in the chat.
   */
  EMAIL_REPLY_TO: z
    .string()
    .regex(/^[a-z0-9._-]{1,14}@[a-z0-9.-]+\.[a-z]{2,}$/i, {
      message: 'must be a mailbox with a short local part, e.g. reply@chat.example.com',
    })
    .optional(),
  /** How long an agent's reply to a visitor who left waits for more replies to share its mail. */
  EMAIL_REPLY_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** Signs what the mail relay posts to `POST /api/v1/email/inbound`; unset: the route is off. */
  EMAIL_INBOUND_SECRET: z
    .string()
    .min(32, { message: 'must be at least 32 characters of random data' })
    .optional(),
  JWT_SECRET: z
    .string()
    .min(32, { message: 'must be at least 32 characters of random data' })
    .optional(),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hex characters (32 random bytes)' })
    .optional(),
  /**
   * With it, `GET /metrics` on the main port requires `Authorization: Bearer <METRICS_TOKEN>`;
   * without it, the main port has no `/metrics` at all.
   */
  METRICS_TOKEN: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  /** A separate listener for `/metrics` alone (0 picks a free port); unset: none. */
  METRICS_PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int()
    .min(0)
    .max(65535)
    .optional(),
  /** Where that listener binds: loopback by default, so only the machine itself can scrape. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  RATE_LIMIT_WINDOW_MS: positiveInt(1_000, 3_600_000).default(10_000),
  RATE_LIMIT_MESSAGES_PER_VISITOR: positiveInt(1, 1_000_000).default(20),
  RATE_LIMIT_MESSAGES_PER_IP: positiveInt(1, 1_000_000).default(100),
  RATE_LIMIT_EVENTS_PER_VISITOR: positiveInt(1, 1_000_000).default(120),
  /** All `/admin` socket events per staff user within the window (typing included). */
  RATE_LIMIT_EVENTS_PER_STAFF: positiveInt(1, 1_000_000).default(600),
  RATE_LIMIT_CONNECTIONS_PER_IP: positiveInt(1, 1_000_000).default(30),
  RATE_LIMIT_REQUESTS_PER_IP: positiveInt(1, 1_000_000).default(300),
  /** Requests to `/api/v1/auth/*` per client IP within the window (setup, sign-in, refresh). */
  RATE_LIMIT_AUTH_REQUESTS_PER_IP: positiveInt(1, 1_000_000).default(30),
  RESPONDER_TIMEOUT_MS: positiveInt(1_000, 600_000).default(90_000),
  /** Group commit: most messages in one transaction, and how long a batch may wait under load. */
  MESSAGE_BATCH_MAX_SIZE: positiveInt(1, 5_000).default(500),
  MESSAGE_BATCH_MAX_WAIT_MS: positiveInt(0, 1_000).default(0),
  /** How long an AI answer goes on after the visitor's last tab has gone (a reload comes back). */
  RESPONDER_ABANDON_AFTER_MS: positiveInt(100, 600_000).default(15_000),
  ACCESS_TOKEN_TTL_S: positiveInt(30, 86_400).default(900),
  BCRYPT_COST: positiveInt(12, 16).default(12),
  LOGIN_FAILURES_PER_ACCOUNT: positiveInt(1, 1_000).default(5),
  LOGIN_FAILURES_PER_IP: positiveInt(1, 100_000).default(50),
  LOGIN_THROTTLE_WINDOW_S: positiveInt(1, 86_400).default(900),
  /** bcrypt runs at most this many at once, leaving the rest of libuv's thread pool free. */
  PASSWORD_HASH_CONCURRENCY: positiveInt(1, 64).default(2),
  /** Hashes waiting for a turn; beyond this a sign-in is refused (`RATE_LIMITED`) at once. */
  PASSWORD_HASH_QUEUE: positiveInt(0, 10_000).default(32),
  /**
   * The one-time token that `POST /auth/setup` requires while no admin exists. Unset, a fresh
   * install derives one from its secrets and prints it in the log as a link to the dashboard.
   */
  PARLEY_SETUP_TOKEN: z
    .string()
    .min(16, { message: 'must be at least 16 characters of random data' })
    .max(200)
    .optional(),
  DEMO: booleanFromEnv.optional(),
  DEMO_PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int()
    .min(0)
    .max(65535)
    .default(3001),
});

export type Config = z.infer<typeof ZConfigSchema>;
