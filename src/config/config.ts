import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseDuration } from './duration.js';
import { LIMIT_DEFAULTS, readLimitRules, type LimitRules } from './limit-rules.js';
import { DEVELOPMENT_JWT_SECRET, PUBLIC_SECRETS } from './public-secrets.js';

/** The three profiles; `NODE_ENV` chooses one, `development` when unset. */
export const PROFILES = ['development', 'test', 'production'] as const;
export type Profile = (typeof PROFILES)[number];

export type DatabasePooler = 'none' | 'transaction';

/** Everything the app needs to know about its surroundings, validated and frozen once at start. */
export interface Config {
  readonly profile: Profile;
  readonly port: number;
  readonly host: string;
  /** Absent: the process starts an embedded PostgreSQL under `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Where a connection that needs a session goes (LISTEN, migrations, admin commands): DATABASE_DIRECT_URL, else databaseUrl. */
  readonly databaseDirectUrl: string | undefined;
  /** `transaction`: databaseUrl is a pooler in transaction mode (PgBouncer, RDS Proxy, Supavisor): no named statements, no session settings. */
  readonly databasePooler: DatabasePooler;
  readonly dataDir: string;
  /** Per process. */
  readonly databasePoolSize: number;
  /** Server processes sharing the port (node:cluster); 1 serves from this process alone. */
  readonly webConcurrency: number;
  readonly jwt: {
    readonly secret: string;
    /** True when no JWT_SECRET was given and a fixed development secret stands in. */
    readonly isDevelopmentSecret: boolean;
    readonly expiresInSeconds: number;
    readonly issuer: string;
    readonly audience: string;
  };
  readonly sessions: {
    /** A refresh token's life; every refresh starts a new one (sliding). */
    readonly refreshTtlSeconds: number;
    /** The absolute cap on a session, however often it is refreshed. */
    readonly maxAgeSeconds: number;
    /** How long a rotated refresh token still gets the same successor (a client retrying a lost answer). */
    readonly reuseGraceSeconds: number;
  };
  readonly logLevel: string;
  /** Also write JSON log lines here (for a log shipper such as Filebeat). */
  readonly logFile: string | undefined;
  readonly taskQuota: number;
  /** Tasks a shared project may hold. */
  readonly projectTaskQuota: number;
  /** How long a project invitation can be accepted. */
  readonly invitationTtlSeconds: number;
  /** The PostgreSQL text search configuration task search stems in; `npm run migrate -- latest` applies it. */
  readonly searchLanguage: string;
  /** How long the change feed keeps changes (tombstones included). */
  readonly changeRetentionSeconds: number;
  readonly bcryptRounds: number;
  /** Worker threads for bcrypt in each process; 0 runs it on the main thread. */
  readonly passwordWorkers: number;
  readonly bodyLimitBytes: number;
  readonly mail: {
    /** Unset outside production: messages are written to `<dataDir>/outbox` instead. */
    readonly smtpUrl: string | undefined;
    readonly from: string;
  };
  readonly limits: {
    readonly rules: LimitRules;
    readonly banDurationMs: number;
    /** Shared counters for several instances; unset: each process counts alone. */
    readonly redisUrl: string | undefined;
    readonly redisKeyPrefix: string;
    /** Express's `trust proxy`: which proxies may set X-Forwarded-For. false: the socket's address. */
    readonly trustProxy: boolean | number | string;
    /** IPv6 clients are budgeted and banned by networks of this many bits (one client often holds a /64). */
    readonly ipv6Prefix: number;
  };
  readonly cors: {
    /** Browser origins allowed to call the API (exact, e.g. https://app.example.com). */
    readonly origins: readonly string[];
    /** Outside production: any localhost / 127.0.0.1 / [::1] origin too. */
    readonly loopback: boolean;
  };
  readonly metrics: {
    readonly enabled: boolean;
    /** When set, GET /metrics wants `Authorization: Bearer <token>`. */
    readonly token: string | undefined;
  };
  /** How long a stop waits for in-flight requests before cutting connections. */
  readonly shutdownTimeoutMs: number;
  /** After a stop begins, how long `/ready` answers 503 while the instance still serves, so a load balancer stops sending first. */
  readonly shutdownDrainDelayMs: number;
  /** How long a client may take to send a whole request, and its headers (slow-client attacks). */
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly graphql: {
    /** Schema introspection; off in production unless GRAPHQL_INTROSPECTION=on. */
    readonly introspection: boolean;
    /** Apollo Sandbox on GET /graphql; off in production unless GRAPHQL_SANDBOX=on. */
    readonly sandbox: boolean;
    /** When set: the persisted-documents manifest; only its documents run. */
    readonly trustedDocumentsFile: string | undefined;
    /**
     * A persisted-documents manifest whose documents are compiled at start and run by id on
     * the compiled path; other documents still run. The trusted manifest, when set, is this one.
     */
    readonly persistedDocumentsFile: string | undefined;
    /** Documents sent as text kept compiled for the compiled path (0: Apollo runs them all). */
    readonly documentCacheSize: number;
    readonly maxDepth: number;
    readonly maxAliases: number;
    readonly maxTokens: number;
    readonly maxComplexity: number;
  };
  /** GraphQL over WebSocket: caps on connections (held across this instance's processes) and how long they may idle. */
  readonly socket: {
    readonly maxPerSession: number;
    readonly maxPerUser: number;
    readonly maxPerAddress: number;
    readonly maxConnections: number;
    /** A connection holding no subscription is closed after this long. */
    readonly idleTimeoutMs: number;
    /** How often the server pings; a peer that has not answered by the next ping is dropped. */
    readonly pingIntervalMs: number;
    /** Bytes queued for a client that reads too slowly before its connection is closed. */
    readonly maxBufferedBytes: number;
  };
}

/** Thrown when the environment does not describe a runnable app; lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const MIN_PRODUCTION_SECRET_BYTES = 32;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A positive duration (`90`, `90s`, `15m`, `1h`, `7d`), in milliseconds. */
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const seconds = parseDuration(value);
      if (!seconds) {
        ctx.addIssue({ code: 'custom', message: 'must be seconds or a duration such as 15m, 1h, 7d' });
        return z.NEVER;
      }
      return seconds * 1000;
    });

/** A duration of 0 up to `maxSeconds`, in milliseconds (`duration` refuses 0). */
const shortDuration = (fallback: string, maxSeconds: number, example = fallback) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const seconds = value === '0' ? 0 : parseDuration(value);
      if (seconds === undefined || seconds > maxSeconds) {
        ctx.addIssue({ code: 'custom', message: `must be 0 to ${maxSeconds} seconds, such as ${example}` });
        return z.NEVER;
      }
      return seconds * 1000;
    });

/** An optional URL of one of the given schemes. */
const urlOf = (...schemes: string[]) =>
  z
    .string()
    .regex(new RegExp(`^(${schemes.join('|')})://`), `must be a ${schemes.map((s) => `${s}://`).join(' or ')} URL`)
    .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(PROFILES).default('development'),
  PORT: integer(0, 65535).default(4000),
  // Loopback unless told otherwise: a development server is not for the network (the image sets 0.0.0.0).
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: urlOf('postgres', 'postgresql'),
  // For what needs a session of its own (LISTEN, migrations, admin commands) when DATABASE_URL is a pooler.
  DATABASE_DIRECT_URL: urlOf('postgres', 'postgresql'),
  DATABASE_POOLER: z.enum(['none', 'transaction']).default('none'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_POOL_SIZE: integer(1, 200).default(10),
  JWT_SECRET: z.string().min(1).optional(),
  JWT_EXPIRES_IN: duration('15m'),
  REFRESH_TOKEN_TTL: duration('30d'),
  SESSION_MAX_AGE: duration('90d'),
  // 0 is allowed: no grace at all.
  REFRESH_REUSE_GRACE: shortDuration('10s', 300),
  JWT_ISSUER: z.string().min(1).default('task-manager-api'),
  JWT_AUDIENCE: z.string().min(1).default('task-manager-api'),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  LOG_FILE: z.string().min(1).optional(),
  METRICS: z.enum(['on', 'off']).default('on'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SHUTDOWN_TIMEOUT: duration('10s'),
  // 0: stop accepting at once (Kubernetes' preStop pause does the waiting there).
  SHUTDOWN_DRAIN_DELAY: shortDuration('0', 60, '2s'),
  REQUEST_TIMEOUT: duration('30s'),
  HEADERS_TIMEOUT: duration('20s'),
  TASK_QUOTA: integer(1, 1_000_000_000).default(1000),
  PROJECT_TASK_QUOTA: integer(1, 1_000_000_000).default(5000),
  INVITATION_TTL: duration('7d'),
  // A PostgreSQL text search configuration (`\dF` lists them); migrating checks that it exists.
  SEARCH_LANGUAGE: z
    .string()
    .regex(/^[a-z_]{1,63}$/, 'must be a PostgreSQL text search configuration, such as english, german or simple')
    .default('english'),
  CHANGE_RETENTION: duration('30d'),
  // bcrypt's own range; below 10 is only sensible in tests.
  BCRYPT_ROUNDS: integer(4, 31).default(12),
  // Default: the cores, shared out among the server processes.
  PASSWORD_WORKERS: integer(0, 64).optional(),
  WEB_CONCURRENCY: z
    .string()
    .default('1')
    .transform((value, ctx) => {
      if (value === 'auto') return availableParallelism();
      const count = /^\d+$/.test(value) ? Number(value) : NaN;
      if (count >= 1 && count <= 64) return count;
      ctx.addIssue({ code: 'custom', message: 'must be a number of processes from 1 to 64, or auto (one per core)' });
      return z.NEVER;
    }),
  SMTP_URL: urlOf('smtp', 'smtps'),
  MAIL_FROM: z.string().min(3).default('Task Manager <no-reply@task-manager.local>'),
  BAN_DURATION: duration('1h'),
  IPV6_SUBNET_PREFIX: integer(1, 128).default(64),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const origins = value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean);
      for (const origin of origins) {
        if (!/^https?:\/\/[^/\s]+$/.test(origin)) ctx.addIssue({ code: 'custom', message: `${origin} is not an origin (scheme://host[:port], no path)` });
      }
      return origins;
    }),
  REDIS_URL: urlOf('redis', 'rediss'),
  REDIS_KEY_PREFIX: z.string().default('task-api:'),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value): boolean | number | string => {
      if (value === 'false') return false;
      if (/^\d+$/.test(value)) return Number(value);
      return value;
    })
    .refine((value) => value !== 'true', 'name the proxies (e.g. loopback, 10.0.0.0/8, or a hop count); true would trust any client'),
  GRAPHQL_INTROSPECTION: z.enum(['on', 'off']).optional(),
  GRAPHQL_SANDBOX: z.enum(['on', 'off']).optional(),
  GRAPHQL_TRUSTED_DOCUMENTS: z.string().min(1).optional(),
  GRAPHQL_PERSISTED_DOCUMENTS: z.string().min(1).optional(),
  GRAPHQL_DOCUMENT_CACHE: integer(0, 10_000).default(500),
  GRAPHQL_MAX_DEPTH: integer(2, 50).default(8),
  GRAPHQL_MAX_ALIASES: integer(0, 1000).default(15),
  GRAPHQL_MAX_TOKENS: integer(100, 100_000).default(2000),
  GRAPHQL_MAX_COMPLEXITY: integer(10, 1_000_000).default(3000),
  WS_MAX_CONNECTIONS_PER_SESSION: integer(1, 1000).default(10),
  WS_MAX_CONNECTIONS_PER_USER: integer(1, 10_000).default(20),
  WS_MAX_CONNECTIONS_PER_ADDRESS: integer(1, 100_000).default(50),
  WS_MAX_CONNECTIONS: integer(1, 1_000_000).default(10_000),
  WS_IDLE_TIMEOUT: duration('60s'),
  WS_PING_INTERVAL: duration('12s'),
  WS_MAX_BUFFERED_BYTES: integer(64 * 1024, 256 * 1024 * 1024).default(4 * 1024 * 1024),
});

/** Every environment variable the config reads (deployment files are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = [...Object.keys(envSchema.shape), ...Object.values(LIMIT_DEFAULTS).map(({ variable }) => variable)];

type EnvInput = Record<string, string | undefined>;

/**
 * Reads the configuration from an environment (normally `process.env` after `.env` was
 * loaded). Throws a {@link ConfigError} naming each bad or missing variable.
 */
export function loadConfig(env: EnvInput): Config {
  // An empty variable (`FOO=` in .env) means "not set", as most tools treat it.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const problems: string[] = [];
  const parsed = envSchema.safeParse(present);
  const limitRules = readLimitRules(present, problems);
  if (!parsed.success) {
    const envProblems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError([...envProblems, ...problems]);
  }
  const vars = parsed.data;
  const profile = vars.NODE_ENV;

  if (profile === 'production') {
    if (!vars.DATABASE_URL) problems.push('DATABASE_URL: required in production');
    if (!vars.SMTP_URL) problems.push('SMTP_URL: required in production');
    if (!vars.JWT_SECRET) {
      problems.push('JWT_SECRET: required in production');
    } else if (Buffer.byteLength(vars.JWT_SECRET, 'utf8') < MIN_PRODUCTION_SECRET_BYTES) {
      problems.push(`JWT_SECRET: must be at least ${MIN_PRODUCTION_SECRET_BYTES} bytes in production`);
    } else if (PUBLIC_SECRETS.has(vars.JWT_SECRET)) {
      problems.push('JWT_SECRET: this secret is published in the repository; generate a real one (openssl rand -base64 48)');
    }
  }
  const { GRAPHQL_TRUSTED_DOCUMENTS: trusted, GRAPHQL_PERSISTED_DOCUMENTS: persisted } = vars;
  if (trusted && persisted && trusted !== persisted) {
    problems.push('GRAPHQL_PERSISTED_DOCUMENTS: the trusted manifest (GRAPHQL_TRUSTED_DOCUMENTS) is the one compiled; set one of the two');
  }
  if (!vars.DATABASE_URL && vars.DATABASE_DIRECT_URL) problems.push('DATABASE_DIRECT_URL: set DATABASE_URL too (the embedded PostgreSQL needs neither)');
  if (!vars.DATABASE_URL && vars.DATABASE_POOLER !== 'none')
    problems.push('DATABASE_POOLER: set DATABASE_URL to the pooler (the embedded PostgreSQL has none)');
  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    profile,
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.DATABASE_URL,
    databaseDirectUrl: vars.DATABASE_DIRECT_URL ?? vars.DATABASE_URL,
    databasePooler: vars.DATABASE_POOLER,
    dataDir: vars.DATA_DIR,
    databasePoolSize: vars.DATABASE_POOL_SIZE,
    webConcurrency: vars.WEB_CONCURRENCY,
    jwt: Object.freeze({
      secret: vars.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
      isDevelopmentSecret: vars.JWT_SECRET === undefined,
      expiresInSeconds: vars.JWT_EXPIRES_IN / 1000,
      issuer: vars.JWT_ISSUER,
      audience: vars.JWT_AUDIENCE,
    }),
    sessions: Object.freeze({
      refreshTtlSeconds: Math.min(vars.REFRESH_TOKEN_TTL, vars.SESSION_MAX_AGE) / 1000,
      maxAgeSeconds: vars.SESSION_MAX_AGE / 1000,
      reuseGraceSeconds: vars.REFRESH_REUSE_GRACE / 1000,
    }),
    logLevel: vars.LOG_LEVEL ?? (profile === 'test' ? 'silent' : 'info'),
    logFile: vars.LOG_FILE,
    metrics: Object.freeze({ enabled: vars.METRICS === 'on', token: vars.METRICS_TOKEN }),
    cors: Object.freeze({ origins: Object.freeze(vars.CORS_ORIGINS), loopback: profile !== 'production' }),
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT,
    shutdownDrainDelayMs: vars.SHUTDOWN_DRAIN_DELAY,
    requestTimeoutMs: vars.REQUEST_TIMEOUT,
    headersTimeoutMs: Math.min(vars.HEADERS_TIMEOUT, vars.REQUEST_TIMEOUT),
    taskQuota: vars.TASK_QUOTA,
    projectTaskQuota: vars.PROJECT_TASK_QUOTA,
    invitationTtlSeconds: vars.INVITATION_TTL / 1000,
    searchLanguage: vars.SEARCH_LANGUAGE,
    changeRetentionSeconds: vars.CHANGE_RETENTION / 1000,
    bcryptRounds: vars.BCRYPT_ROUNDS,
    passwordWorkers: vars.PASSWORD_WORKERS ?? Math.max(1, Math.floor(availableParallelism() / vars.WEB_CONCURRENCY)),
    bodyLimitBytes: 2 * 1024 * 1024,
    mail: Object.freeze({ smtpUrl: vars.SMTP_URL, from: vars.MAIL_FROM }),
    limits: Object.freeze({
      rules: limitRules,
      banDurationMs: vars.BAN_DURATION,
      redisUrl: vars.REDIS_URL,
      redisKeyPrefix: vars.REDIS_KEY_PREFIX,
      trustProxy: vars.TRUST_PROXY,
      ipv6Prefix: vars.IPV6_SUBNET_PREFIX,
    }),
    graphql: Object.freeze({
      introspection: (vars.GRAPHQL_INTROSPECTION ?? (profile === 'production' ? 'off' : 'on')) === 'on',
      sandbox: (vars.GRAPHQL_SANDBOX ?? (profile === 'production' ? 'off' : 'on')) === 'on',
      trustedDocumentsFile: vars.GRAPHQL_TRUSTED_DOCUMENTS,
      persistedDocumentsFile: vars.GRAPHQL_TRUSTED_DOCUMENTS ?? vars.GRAPHQL_PERSISTED_DOCUMENTS,
      documentCacheSize: vars.GRAPHQL_DOCUMENT_CACHE,
      maxDepth: vars.GRAPHQL_MAX_DEPTH,
      maxAliases: vars.GRAPHQL_MAX_ALIASES,
      maxTokens: vars.GRAPHQL_MAX_TOKENS,
      maxComplexity: vars.GRAPHQL_MAX_COMPLEXITY,
    }),
    socket: Object.freeze({
      maxPerSession: vars.WS_MAX_CONNECTIONS_PER_SESSION,
      maxPerUser: vars.WS_MAX_CONNECTIONS_PER_USER,
      maxPerAddress: vars.WS_MAX_CONNECTIONS_PER_ADDRESS,
      maxConnections: vars.WS_MAX_CONNECTIONS,
      idleTimeoutMs: vars.WS_IDLE_TIMEOUT,
      pingIntervalMs: vars.WS_PING_INTERVAL,
      maxBufferedBytes: vars.WS_MAX_BUFFERED_BYTES,
    }),
  });
}
