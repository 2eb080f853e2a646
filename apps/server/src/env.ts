import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CONFIRM_WINDOW_HOURS, DEFAULT_REPEAT_WINDOW_DAYS } from '@gongzhi/domain';

const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));

const EnvInput = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().min(1).default('./data'),
  PORTAL_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../portal/dist', import.meta.url))),
  SEED_DEMO: flag.default(true),
  /** Secure session cookies: set true behind HTTPS (or leave unset and name the proxy in TRUSTED_PROXIES) */
  COOKIE_SECURE: flag.optional(),
  /** comma-separated socket addresses of reverse proxies whose X-Forwarded-For/-Proto are believed */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    ),
  /**
   * comma-separated origins (https://gongzhi.example.gov.cn) besides the one each request is
   * addressed to whose pages may send state-changing requests: a portal served from another host
   * or a proxy that rewrites Host
   */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+\/?$/, 'must be origins like https://host[:port]'))),
  /** a bearer token the metrics scraper sends to /metrics; unset, /metrics answers requests from loopback only */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** run the timer worker in this process (several processes on one PostgreSQL may all run it) */
  TIMER_WORKER: flag.default(true),
  TIMER_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** `json`: one JSON line per request and for the server's own events (production); `text`: the developer's console */
  LOG_FORMAT: z.enum(['text', 'json']).default('text'),
  /** on SIGTERM: how long in-flight requests, the intake queue and the timer worker's batch get before the process exits anyway */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** the reporter's window to confirm a resolution (双向确认) before it is confirmed for them */
  CONFIRM_WINDOW_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(CONFIRM_WINDOW_HOURS),
  /** a complaint without a matter is routed on the classifier's guess at or above this confidence, else triaged */
  CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  /** retrain the matter classifier every this many hours when people corrected it since (unset: only on demand) */
  CLASSIFIER_RETRAIN_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 90)
    .optional(),
  /** attachments in an S3-compatible object store (MinIO, …) at this endpoint; unset: files under DATA_DIR/files */
  FILES_S3_ENDPOINT: z.string().url().optional(),
  FILES_S3_BUCKET: z.string().min(3).max(63).default('gongzhi'),
  FILES_S3_ACCESS_KEY: z.string().optional(),
  FILES_S3_SECRET_KEY: z.string().optional(),
  FILES_S3_REGION: z.string().default('us-east-1'),
  /**
   * the Ed25519 private key (PKCS#8 PEM; \\n for line breaks allowed) that signs the audit log's
   * checkpoints; unset: the key file DATA_DIR/audit-signing-key.pem, made on first use. Kept out of
   * the database on purpose; give every server on one database the same key.
   */
  AUDIT_SIGNING_KEY: z
    .string()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** sign a checkpoint of the audit chains' heads that moved this often (only when a chain moved) */
  AUDIT_CHECKPOINT_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(60),
  /** a new case repeats one of the same matter within 100 m that is open or closed at most this many days ago */
  REPEAT_WINDOW_DAYS: z.coerce.number().min(0).max(365).default(DEFAULT_REPEAT_WINDOW_DAYS),
});

export type Env = z.infer<typeof EnvInput>;

/** The only place that reads the environment. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvInput.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}
