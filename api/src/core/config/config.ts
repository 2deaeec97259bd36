import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const DEV_SECRET = 'dev-only-secret-change-me-0123456789abcdef';
const DEV_FIELD_KEY = 'ZGV2LW9ubHktZmllbGQta2V5LWNoYW5nZS1tZS0wMTI='; // 32 bytes, base64

/**
 * Every setting comes from the environment (names as in .env.example). Defaults work against this machine's
 * local services; production refuses the development defaults for secrets.
 */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: z.url().optional(),
    /** Trust X-Forwarded-For from a reverse proxy (for client addresses in logs, throttling and the audit trail). */
    TRUST_PROXY: bool.default(false),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z
      .string()
      .regex(/^mysql:\/\/[^/]+\/[A-Za-z0-9_]+(\?.*)?$/, { message: 'must look like mysql://user:pass@host:3306/dbname' })
      .default('mysql://root@127.0.0.1:3306/yuanan'),
    DB_DRIVER: z.enum(['mariadb', 'mysql']).default('mariadb'),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    DB_DEBUG: bool.default(false),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, { message: 'must look like redis://host:6379/0' })
      .default('redis://127.0.0.1:6379/0'),
    /**
     * Redis Cluster: REDIS_URL then lists seed nodes (comma-separated redis:// URLs). Keys are hash-tagged so the
     * groups that must share a slot do (core/redis/key-layout.ts).
     */
    REDIS_CLUSTER: bool.default(false),
    /**
     * socket.io across api instances: `sharded` (Redis ≥ 7 sharded pub/sub, scales on a cluster; the worker emits
     * through a headless socket.io server) or `pubsub` (classic pub/sub + @socket.io/redis-emitter; any Redis).
     */
    REALTIME_ADAPTER: z.enum(['sharded', 'pubsub']).default('sharded'),
    /** Prefix of every Redis key and queue; lets several deployments or test runs share one Redis. */
    REDIS_PREFIX: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/)
      .default('yuanan'),
    JWT_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).default(DEV_SECRET),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(900).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
    /** AES-256-GCM key (base64 of 32 bytes) for personal data and second-factor secrets at rest. */
    FIELD_ENCRYPTION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, { message: 'must be base64 of 32 bytes' })
      .default(DEV_FIELD_KEY),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    /** Sign-in attempts per minute from one address before 429. */
    LOGIN_IP_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(30),
    LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(50 * 1024 * 1024)
      .default(1024 * 1024),
    CORS_ORIGINS: z.string().default('*'),
    WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
    WECHAT_APP_ID: z.string().default(''),
    WECHAT_APP_SECRET: z.string().default(''),
    /** Lets the mini-program's H5 build log in without WeChat. Never allowed in production. */
    DEV_LOGIN: bool.default(false),
    FILE_STORAGE: z.enum(['local', 's3']).default('local'),
    FILE_DIR: z.string().default('var/files'),
    UPLOAD_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(200 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    /**
     * Memory the enterprise import may use for what grows with the file (MB): the row limit is derived from it
     * (see IMPORT_BYTES_PER_ROW in modules/enterprises/import/columns.ts).
     */
    IMPORT_MEMORY_BUDGET_MB: z.coerce.number().int().min(4).max(4096).default(64),
    /**
     * Where each api process keeps its law search index (SQLite FTS5, derived from MariaDB and rebuilt at start):
     * a directory (a fresh file per process, removed on close; default the OS temp directory) or ':memory:'.
     */
    LAW_INDEX_PATH: z.string().optional(),
    S3_ENDPOINT: z.url().optional(),
    S3_REGION: z.string().default('us-east-1'),
    S3_BUCKET: z.string().optional(),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    S3_FORCE_PATH_STYLE: bool.default(true),
    SMS_PROVIDER: z.enum(['log', 'http']).default('log'),
    SMS_HTTP_URL: z.url().optional(),
    WECHAT_MESSAGE_PROVIDER: z.enum(['log', 'wechat']).default('log'),
    /** Subscribe-message template (fields thing1 title, thing2 body, time3 time) for hazard and task notices. */
    WECHAT_TEMPLATE_ID: z.string().default(''),
    /** The mini-program version subscribe messages open: formal, trial or developer. */
    WECHAT_MINIPROGRAM_STATE: z.enum(['formal', 'trial', 'developer']).default('formal'),
    METRICS_TOKEN: z.string().optional(),
    DEMO_PASSWORD: z.string().default('Demo@Yuanan2026'),
    /** Seconds the worker waits between outbox polls when nothing woke it. */
    OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60000).default(1000),
    /** How often the worker checks that Redis still holds its data (re-creates schedulers and jobs if not). */
    REDIS_WATCH_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    /** The worker answers GET /health on this port (0: no health server). */
    WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    /** Minutes between reconciler runs that re-create timed jobs from the database. */
    RECONCILE_EVERY_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
    /** The MQTT broker the IoT ingest process subscribes to (`yuanan/{zoneCode}/{deviceCode}/up`); mqtts:// for TLS. */
    MQTT_URL: z
      .string()
      .regex(/^(mqtts?|wss?):\/\//, { message: 'must look like mqtt://host:1883 or mqtts://host:8883' })
      .default('mqtt://127.0.0.1:1883'),
    /** The IoT ingest process answers GET /health on this port (0: no health server). */
    INGEST_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
    /** Account of the ingest subscriber on the broker (production brokers refuse anonymous clients). */
    MQTT_USERNAME: z.string().optional(),
    MQTT_PASSWORD: z.string().optional(),
    /**
     * Key every IoT device's secret is derived from (HMAC; modules/iot/device-auth.ts). Unset in development: derived
     * from JWT_SECRET. Changing it changes every device's secret. Required in production.
     */
    IOT_DEVICE_KEY: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    /**
     * Every zone's webhooks may target intranet addresses (RFC 1918 private, fc00::/7), as the platform's per-zone
     * switch allows one zone (PUT /platform/zones/:id/integration). Loopback, link-local (cloud metadata) and CGNAT
     * stay refused. Default false. Never needed for receivers on the internet.
     */
    WEBHOOK_ALLOW_PRIVATE_TARGETS: bool.default(false),
    /**
     * Development and tests only: where intranet targets are allowed, loopback (127/8, ::1) is too, for a receiver on
     * the api's own host. Never in production: it exposes the host's own services.
     */
    WEBHOOK_ALLOW_LOOPBACK_TARGETS: bool.default(false),
    /** How long one webhook POST may take in all (connect, answer, first 4 KiB), in ms. */
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** Multiplies the webhook retry delays (domain webhookRetryDelay); tests and benches use e.g. 0.001. */
    WEBHOOK_BACKOFF_SCALE: z.coerce.number().positive().max(100).default(1),
    /** Consecutive failed deliveries after which a subscription is disabled (and the zone's admins told). */
    WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
    /**
     * The law library's seed texts (名称(YYYY-MM-DD).md), imported into the platform library at api boot when it is
     * empty. Default: ../shared/regulations next to the repository (laws/law-import.ts).
     */
    REGULATIONS_DIR: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV !== 'production') return;
    if (c.JWT_SECRET === DEV_SECRET)
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'set a real secret in production' });
    if (c.FIELD_ENCRYPTION_KEY === DEV_FIELD_KEY)
      ctx.addIssue({ code: 'custom', path: ['FIELD_ENCRYPTION_KEY'], message: 'set a real key in production' });
    if (!c.IOT_DEVICE_KEY)
      ctx.addIssue({ code: 'custom', path: ['IOT_DEVICE_KEY'], message: 'set a key for the IoT devices’ secrets in production' });
    if (c.DEV_LOGIN) ctx.addIssue({ code: 'custom', path: ['DEV_LOGIN'], message: 'development login is refused in production' });
    if (c.WEBHOOK_ALLOW_LOOPBACK_TARGETS)
      ctx.addIssue({
        code: 'custom',
        path: ['WEBHOOK_ALLOW_LOOPBACK_TARGETS'],
        message: 'webhooks to loopback are refused in production (they reach the host’s own services)',
      });
    if (c.FILE_STORAGE === 's3' && !(c.S3_BUCKET && c.S3_ACCESS_KEY_ID && c.S3_SECRET_ACCESS_KEY))
      ctx.addIssue({
        code: 'custom',
        path: ['S3_BUCKET'],
        message: 'S3 storage needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY',
      });
  });

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** Validates the environment once at boot; every bad variable gets its own line naming it. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  return { ...result.data, ...overrides };
}

export function databaseName(config: Pick<Config, 'DATABASE_URL'>): string {
  return new URL(config.DATABASE_URL).pathname.replace(/^\//, '');
}
