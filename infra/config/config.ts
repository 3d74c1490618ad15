import { isIP } from 'node:net';
import { z } from 'zod';
import { ConfigError } from '../../domain/errors';
import {
  HTTP_SERVICE_NAMES,
  SERVICE_NAMES,
  SERVICES,
  type HttpServiceName,
  type ServiceName,
} from './services';

/** Dev-only key the platform's own processes use to get service tokens; refused in production. */
const DEV_SERVICE_API_KEY = 'dev-service-key-change-me';

const port = z.coerce.number().int().min(0).max(65535);

const isProxyEntry = (entry: string): boolean => {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return (
    bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128))
  );
};

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'staging', 'production']).default('development'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).optional(),
  PGHOST: z.string().min(1).default('127.0.0.1'),
  PGPORT: port.default(5432),
  PGUSER: z.string().min(1).default('postgres'),
  PGPASSWORD: z.string().default(''),
  /** Connections each process may hold: six processes and temporal-server share max_connections. */
  PG_POOL_MAX: z.coerce.number().int().min(1).max(50).default(6),
  AUTH_DB: z.string().min(1).default(SERVICES.auth.database),
  WORKFLOW_DB: z.string().min(1).default(SERVICES.workflow.database),
  TICKET_DB: z.string().min(1).default(SERVICES.ticket.database),
  MESSAGING_DB: z.string().min(1).default(SERVICES.messaging.database),
  NOTIFICATION_DB: z.string().min(1).default(SERVICES.notification.database),
  TEMPORAL_DB: z.string().min(1).default('temporal'),
  TEMPORAL_VISIBILITY_DB: z.string().min(1).default('temporal_visibility'),
  AMQP_URL: z
    .string()
    .regex(/^amqps?:\/\//, 'must be an amqp:// URL')
    .default('amqp://guest:guest@127.0.0.1:5672'),
  AMQP_QUEUE_PREFIX: z.string().default(''),
  AMQP_PREFETCH: z.coerce.number().int().min(1).max(1000).default(10),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('ticket-lifecycle'),
  /**
   * mTLS to Temporal's frontend (production shapes): the platform's client certificate and key,
   * the CA that signed the frontend's certificate (else the system's roots) and the name in it.
   * The names are those of Temporal's own SDK environment configuration, so the `temporal` CLI
   * of an operator reads the same variables.
   */
  TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_UI_URL: z.string().url().default('http://localhost:8233'),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  AUTH_PORT: port.default(SERVICES.auth.port),
  WORKFLOW_PORT: port.default(SERVICES.workflow.port),
  TICKET_PORT: port.default(SERVICES.ticket.port),
  MESSAGING_PORT: port.default(SERVICES.messaging.port),
  NOTIFICATION_PORT: port.default(SERVICES.notification.port),
  SERVICE_API_KEY: z.string().min(16).default(DEV_SERVICE_API_KEY),
  AUTH_URL: z.string().url().optional(),
  WORKFLOW_URL: z.string().url().optional(),
  TICKET_URL: z.string().url().optional(),
  MESSAGING_URL: z.string().url().optional(),
  NOTIFICATION_URL: z.string().url().optional(),
  /** Where a browser reaches each API (the web app's runtime config); defaults to *_URL. */
  AUTH_PUBLIC_URL: z.string().url().optional(),
  WORKFLOW_PUBLIC_URL: z.string().url().optional(),
  TICKET_PUBLIC_URL: z.string().url().optional(),
  MESSAGING_PUBLIC_URL: z.string().url().optional(),
  NOTIFICATION_PUBLIC_URL: z.string().url().optional(),
  AUTH_ACCESS_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 3600)
    .default(900),
  AUTH_REFRESH_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(90 * 24 * 3600)
    .default(14 * 24 * 3600),
  /** A just-rotated refresh token presented again within this window gets a fresh pair. */
  AUTH_REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  /** How often each service asks auth for token revocations (deactivations, removed roles). */
  AUTH_REVOCATION_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  AUTH_SELF_REGISTRATION: z.enum(['true', 'false']).optional(),
  AUTH_REFRESH_COOKIE: z.enum(['true', 'false']).default('false'),
  /** Failed sign-ins (or current-password checks) per account and client address per window. */
  AUTH_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  /** Failed sign-ins per client address over all accounts per window (an office shares one). */
  AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(50),
  /**
   * Failed sign-ins of one account from anywhere per window at which its owner is alerted (mail
   * and in-app), once per window: by default the first failure, so a flood is one alert.
   */
  AUTH_LOGIN_ALERT_AFTER_FAILURES: z.coerce.number().int().min(1).max(100_000).default(1),
  /** How long an e-mailed sign-in code works. */
  AUTH_OTP_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(600),
  /** Codes one sign-in may try before it must start again with the password. */
  AUTH_OTP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Seconds between two codes mailed for one sign-in. */
  AUTH_OTP_RESEND_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Codes mailed for one sign-in, the first included. */
  AUTH_OTP_MAX_SENDS: z.coerce.number().int().min(1).max(20).default(3),
  AUTH_LOGIN_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(900),
  /** Account mails (reset links, registration notices) one address receives per window. */
  AUTH_MAIL_MAX_PER_RECIPIENT: z.coerce.number().int().min(1).max(1000).default(3),
  /** Reset and registration requests one client address may make per window (then 429). */
  AUTH_MAIL_MAX_REQUESTS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(20),
  AUTH_MAIL_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(3600),
  AUTH_ARGON2_MEMORY_KIB: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024)
    .default(19_456),
  /** Staging/production's first administrator, created once by the setup job (no demo users there). */
  BOOTSTRAP_ADMIN_EMAIL: z.string().email().optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(10).max(200).optional(),
  CORS_ORIGINS: z.string().default('*'),
  /**
   * Reverse proxies whose X-Forwarded-For names the client (the auth limits key on it): comma-
   * separated addresses or CIDR blocks, or loopback / linklocal / uniquelocal. Never "everyone":
   * a client could then name any address it likes.
   */
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .refine(
      (value) => value.split(',').every((entry) => isProxyEntry(entry.trim())),
      'addresses, CIDR blocks, loopback, linklocal or uniquelocal, comma-separated',
    ),
  WEB_PORT: port.default(5173),
  /** Where users reach the web app (links in emails); defaults to the web server on WEB_PORT. */
  WEB_APP_URL: z.string().url().optional(),
  TICKET_MEDIA_ROOT: z.string().min(1).default('.data/media'),
  TICKET_MAX_ATTACHMENT_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  TICKET_NUMBER_PREFIX: z
    .string()
    .regex(/^[A-Z][A-Z0-9]{0,11}$/, 'capital letters and digits, starting with a letter')
    .default('TX'),
  TICKET_OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  WORKER_METRICS_PORT: port.default(9464),
  /**
   * After SIGTERM the worker stops polling and lets running activities finish for this long (the
   * SDK's default is 0: cancel them at once), then gives up 5 s later; keep the sum under the
   * orchestrator's kill timeout (`npm start`: 10 s; the chart's terminationGracePeriodSeconds).
   */
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(4_000),
  /** Bearer token Prometheus sends to the services' /metrics; required in production. */
  METRICS_TOKEN: z.string().min(24, 'at least 24 characters').optional(),
  MESSAGING_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  MESSAGING_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  MESSAGING_REPLAY_LIMIT: z.coerce.number().int().min(1).max(10_000).default(500),
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: port.default(2525),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().min(3).default('Helpdesk <helpdesk@localhost>'),
  SMTP_SINK_HTTP_PORT: port.default(8025),
});

type Env = z.infer<typeof envSchema>;

export type Environment = Env['NODE_ENV'];

export interface PostgresConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The most connections one process's pool holds (PG_POOL_MAX). */
  poolMax: number;
}

/** Limits of the e-mailed sign-in code (AUTH_OTP_*). */
export interface OtpLimits {
  ttlSeconds: number;
  maxAttempts: number;
  resendSeconds: number;
  maxSends: number;
}

/** Where the platform's Temporal client certificate lives (files, so a rotation is a restart). */
export interface TemporalTlsFiles {
  clientCertPath: string;
  clientKeyPath: string;
  serverCaCertPath?: string;
  serverName?: string;
}

export interface PlatformConfig {
  env: Environment;
  logLevel: NonNullable<Env['LOG_LEVEL']>;
  postgres: PostgresConfig;
  databases: Record<ServiceName, string>;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    database: string;
    visibilityDatabase: string;
    uiPort: number;
    uiUrl: string;
    /** mTLS to the frontend; absent: plaintext (development's local temporal-server). */
    tls?: TemporalTlsFiles;
    /** The worker's Prometheus endpoint (the SDK's own metrics: task latencies, slots, pollers). */
    workerMetricsPort: number;
    /** How long running activities may finish after SIGTERM (WORKER_SHUTDOWN_GRACE_MS). */
    workerShutdownGraceMs: number;
  };
  amqp: { url: string; queuePrefix: string; prefetch: number };
  httpHost: string;
  auth: {
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    refreshReuseGraceSeconds: number;
    /** Revoked users' tokens are refused by every service within about this interval. */
    revocationPollMs: number;
    selfRegistration: boolean;
    refreshCookie: boolean;
    loginMaxFailures: number;
    loginMaxFailuresPerAddress: number;
    loginAlertAfterFailures: number;
    loginWindowSeconds: number;
    /** Limits on requests that mail an account (password reset, registration). */
    mail: { maxPerRecipient: number; maxRequestsPerAddress: number; windowSeconds: number };
    /** The e-mailed code of two-step sign-in. */
    otp: OtpLimits;
    argon2MemoryKib: number;
    bootstrapAdmin?: { email: string; password: string };
  };
  /** Cookies only over HTTPS (staging and production). */
  secureCookies: boolean;
  corsOrigins: string[];
  /** Express's `trust proxy`: the proxies whose X-Forwarded-For is believed (TRUST_PROXY). */
  trustProxy: string[];
  /** The web app's server (built React app + its runtime config) and its public URL. */
  web: { port: number; url: string };
  tickets: {
    mediaRoot: string;
    maxAttachmentBytes: number;
    outboxPollMs: number;
    /** Ticket numbers are `<prefix>-<yyyymmdd>-<seq>`; they name workflows, so they must be unique per namespace. */
    numberPrefix: string;
  };
  /** WebSocket heartbeat, the send buffer a slow client may fill, resume replay cap; attachments as for tickets. */
  messaging: {
    heartbeatMs: number;
    maxBufferedBytes: number;
    replayLimit: number;
    mediaRoot: string;
    maxAttachmentBytes: number;
  };
  smtp: {
    host: string;
    port: number;
    user?: string;
    password?: string;
    from: string;
    sinkHttpPort: number;
  };
  serviceApiKey: string;
  /** What /metrics requires as `Authorization: Bearer`; unset (development, tests): open. */
  metricsToken?: string;
  /** Each API's port, the URL services call it on, and the URL a browser reaches it on. */
  http: Record<HttpServiceName, { port: number; url: string; publicUrl: string }>;
}

const DATABASE_KEYS: Record<ServiceName, keyof Env> = {
  auth: 'AUTH_DB',
  workflow: 'WORKFLOW_DB',
  ticket: 'TICKET_DB',
  messaging: 'MESSAGING_DB',
  notification: 'NOTIFICATION_DB',
};

const HTTP_KEYS: Record<
  HttpServiceName,
  { port: keyof Env; url: keyof Env; publicUrl: keyof Env }
> = {
  auth: { port: 'AUTH_PORT', url: 'AUTH_URL', publicUrl: 'AUTH_PUBLIC_URL' },
  workflow: { port: 'WORKFLOW_PORT', url: 'WORKFLOW_URL', publicUrl: 'WORKFLOW_PUBLIC_URL' },
  ticket: { port: 'TICKET_PORT', url: 'TICKET_URL', publicUrl: 'TICKET_PUBLIC_URL' },
  messaging: { port: 'MESSAGING_PORT', url: 'MESSAGING_URL', publicUrl: 'MESSAGING_PUBLIC_URL' },
  notification: {
    port: 'NOTIFICATION_PORT',
    url: 'NOTIFICATION_URL',
    publicUrl: 'NOTIFICATION_PUBLIC_URL',
  },
};

/**
 * What development allows and staging/production refuse (the environment table in the README):
 * debug logging, any-origin CORS and the shared dev service key outside development; default
 * database/broker credentials and the development mail sink in production.
 */
function environmentProblems(env: Env): string[] {
  const problems: string[] = [];
  if ((env.BOOTSTRAP_ADMIN_EMAIL === undefined) !== (env.BOOTSTRAP_ADMIN_PASSWORD === undefined))
    problems.push('BOOTSTRAP_ADMIN_EMAIL: give the first administrator an e-mail and a password');
  if (
    (env.TEMPORAL_TLS_CLIENT_CERT_PATH === undefined) !==
    (env.TEMPORAL_TLS_CLIENT_KEY_PATH === undefined)
  )
    problems.push('TEMPORAL_TLS_CLIENT_CERT_PATH: a client certificate needs its key, and back');
  if (env.NODE_ENV !== 'staging' && env.NODE_ENV !== 'production') return problems;
  if (env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace')
    problems.push(`LOG_LEVEL: ${env.LOG_LEVEL} logging is for development only`);
  if (env.CORS_ORIGINS.split(',').some((origin) => origin.trim() === '*'))
    problems.push('CORS_ORIGINS: an explicit allow-list of origins is required, not *');
  if (env.SERVICE_API_KEY === DEV_SERVICE_API_KEY)
    problems.push('SERVICE_API_KEY: the development service key is refused; set a secret');
  if (env.NODE_ENV !== 'production') return problems;
  if (env.PGPASSWORD === '') problems.push('PGPASSWORD: a database password is required');
  if (/\/\/guest:guest@/.test(env.AMQP_URL))
    problems.push('AMQP_URL: the default guest:guest broker login is refused');
  if (env.SMTP_PORT === 2525 && ['127.0.0.1', 'localhost'].includes(env.SMTP_HOST))
    problems.push('SMTP_HOST: production mail needs a real SMTP server, not the development sink');
  if (env.METRICS_TOKEN === undefined)
    problems.push('METRICS_TOKEN: /metrics must not be public; set the token Prometheus sends');
  if (env.TEMPORAL_TLS_CLIENT_CERT_PATH === undefined)
    problems.push(
      "TEMPORAL_TLS_CLIENT_CERT_PATH: production reaches Temporal's frontend over mTLS only",
    );
  return problems;
}

/** Reads and validates the environment once; throws a ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  const problems = environmentProblems(env);
  if (problems.length > 0) throw new ConfigError(problems);
  const databases = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, String(env[DATABASE_KEYS[name]])]),
  ) as Record<ServiceName, string>;
  const http = Object.fromEntries(
    HTTP_SERVICE_NAMES.map((name) => {
      const port = Number(env[HTTP_KEYS[name].port]);
      const given = env[HTTP_KEYS[name].url];
      const url = typeof given === 'string' ? given : `http://127.0.0.1:${port}`;
      const publicUrl = env[HTTP_KEYS[name].publicUrl];
      return [name, { port, url, publicUrl: typeof publicUrl === 'string' ? publicUrl : url }];
    }),
  ) as PlatformConfig['http'];

  return {
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'warn' : 'info'),
    postgres: {
      host: env.PGHOST,
      port: env.PGPORT,
      user: env.PGUSER,
      password: env.PGPASSWORD,
      poolMax: env.PG_POOL_MAX,
    },
    databases,
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      database: env.TEMPORAL_DB,
      visibilityDatabase: env.TEMPORAL_VISIBILITY_DB,
      uiPort: env.TEMPORAL_UI_PORT,
      uiUrl: env.TEMPORAL_UI_URL,
      ...(env.TEMPORAL_TLS_CLIENT_CERT_PATH && env.TEMPORAL_TLS_CLIENT_KEY_PATH
        ? {
            tls: {
              clientCertPath: env.TEMPORAL_TLS_CLIENT_CERT_PATH,
              clientKeyPath: env.TEMPORAL_TLS_CLIENT_KEY_PATH,
              ...(env.TEMPORAL_TLS_SERVER_CA_CERT_PATH
                ? { serverCaCertPath: env.TEMPORAL_TLS_SERVER_CA_CERT_PATH }
                : {}),
              ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverName: env.TEMPORAL_TLS_SERVER_NAME } : {}),
            },
          }
        : {}),
      workerMetricsPort: env.WORKER_METRICS_PORT,
      workerShutdownGraceMs: env.WORKER_SHUTDOWN_GRACE_MS,
    },
    amqp: { url: env.AMQP_URL, queuePrefix: env.AMQP_QUEUE_PREFIX, prefetch: env.AMQP_PREFETCH },
    httpHost: env.HTTP_HOST,
    auth: {
      accessTtlSeconds: env.AUTH_ACCESS_TTL_SECONDS,
      refreshTtlSeconds: env.AUTH_REFRESH_TTL_SECONDS,
      refreshReuseGraceSeconds: env.AUTH_REFRESH_REUSE_GRACE_SECONDS,
      revocationPollMs: env.AUTH_REVOCATION_POLL_MS,
      // Open sign-up is for development and tests; staging and production must opt in.
      selfRegistration:
        (env.AUTH_SELF_REGISTRATION ??
          (env.NODE_ENV === 'development' || env.NODE_ENV === 'test' ? 'true' : 'false')) ===
        'true',
      refreshCookie: env.AUTH_REFRESH_COOKIE === 'true',
      loginMaxFailures: env.AUTH_LOGIN_MAX_FAILURES,
      loginMaxFailuresPerAddress: env.AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS,
      loginAlertAfterFailures: env.AUTH_LOGIN_ALERT_AFTER_FAILURES,
      loginWindowSeconds: env.AUTH_LOGIN_WINDOW_SECONDS,
      mail: {
        maxPerRecipient: env.AUTH_MAIL_MAX_PER_RECIPIENT,
        maxRequestsPerAddress: env.AUTH_MAIL_MAX_REQUESTS_PER_ADDRESS,
        windowSeconds: env.AUTH_MAIL_WINDOW_SECONDS,
      },
      otp: {
        ttlSeconds: env.AUTH_OTP_TTL_SECONDS,
        maxAttempts: env.AUTH_OTP_MAX_ATTEMPTS,
        resendSeconds: env.AUTH_OTP_RESEND_SECONDS,
        maxSends: env.AUTH_OTP_MAX_SENDS,
      },
      argon2MemoryKib: env.AUTH_ARGON2_MEMORY_KIB,
      ...(env.BOOTSTRAP_ADMIN_EMAIL && env.BOOTSTRAP_ADMIN_PASSWORD
        ? {
            bootstrapAdmin: {
              email: env.BOOTSTRAP_ADMIN_EMAIL,
              password: env.BOOTSTRAP_ADMIN_PASSWORD,
            },
          }
        : {}),
    },
    secureCookies: env.NODE_ENV === 'staging' || env.NODE_ENV === 'production',
    trustProxy: env.TRUST_PROXY.split(',').map((entry) => entry.trim()),
    corsOrigins: env.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    web: { port: env.WEB_PORT, url: env.WEB_APP_URL ?? `http://localhost:${env.WEB_PORT}` },
    tickets: {
      mediaRoot: env.TICKET_MEDIA_ROOT,
      maxAttachmentBytes: env.TICKET_MAX_ATTACHMENT_BYTES,
      outboxPollMs: env.TICKET_OUTBOX_POLL_MS,
      numberPrefix: env.TICKET_NUMBER_PREFIX,
    },
    messaging: {
      heartbeatMs: env.MESSAGING_HEARTBEAT_MS,
      maxBufferedBytes: env.MESSAGING_MAX_BUFFERED_BYTES,
      replayLimit: env.MESSAGING_REPLAY_LIMIT,
      mediaRoot: env.TICKET_MEDIA_ROOT,
      maxAttachmentBytes: env.TICKET_MAX_ATTACHMENT_BYTES,
    },
    smtp: {
      host: env.SMTP_HOST,
      port: env.SMTP_PORT,
      ...(env.SMTP_USER ? { user: env.SMTP_USER } : {}),
      ...(env.SMTP_PASSWORD ? { password: env.SMTP_PASSWORD } : {}),
      from: env.SMTP_FROM,
      sinkHttpPort: env.SMTP_SINK_HTTP_PORT,
    },
    serviceApiKey: env.SERVICE_API_KEY,
    ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}),
    http,
  };
}
