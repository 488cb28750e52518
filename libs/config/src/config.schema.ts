import { resolve } from 'node:path';
import { z } from 'zod';
import { passwordWeakness, type PasswordPolicy } from '@escucha/core';
import { readSourcesFile, type DeclaredSource } from './sources-file.schema';

/**
 * Every setting, read once from the environment and validated at start. A wrong value
 * stops the process with a message naming the variable; nothing falls back silently.
 */
const bool = z.enum(['on', 'off', 'true', 'false', '1', '0']).transform((v) => v === 'on' || v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** An origin as browsers send it: scheme, host and optional port, nothing after. */
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9a-f:.]+\](:\d{1,5})?$/i;
const origins = z
  .string()
  .transform((v) => v.split(',').map((o) => o.trim()).filter((o) => o !== ''))
  .pipe(z.array(z.string().regex(ORIGIN, 'each must be an origin such as https://app.example.com (scheme, host, optional port; no path, no "*")')));

export const envSchema = z
  .object({
    PORT: int(1, 65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./data'),
    STORE: z.enum(['duckdb', 'elasticsearch']).default('duckdb'),
    ELASTICSEARCH_URL: z.url().optional(),
    ELASTICSEARCH_INDEX_PREFIX: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,40}$/, 'must be lower-case letters, digits, "-" or "_" (at most 41)').default('escucha'),
    QUEUE: z.enum(['inline', 'bullmq']).default('inline'),
    REDIS_URL: z.url().optional(),
    DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
    DEMO_RATE: int(1, 100_000).default(30),
    DEMO_BACKFILL_DAYS: int(0, 90).default(7),
    DEMO_SEED: int(0, 2 ** 31 - 1).default(20261123),
    DEMO_FIRST_OUTAGE_MINUTES: int(0, 1440).default(10),
    // The floor of any policy here, so a short one is named even beside other problems; the policy itself is checked below.
    ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
    AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    TOKEN_TTL_HOURS: int(1, 24 * 30).default(12),
    AUTH_KEY_ROTATION_HOURS: int(1, 24 * 365).default(24),
    PASSWORD_MIN_LENGTH: int(8, 128).default(12),
    PASSWORD_MIN_STRENGTH: int(0, 4).default(3),
    LOGIN_FAILURE_WINDOW_MINUTES: int(1, 24 * 60).default(15),
    LOGIN_MAX_FAILURES: int(1, 10_000).default(10),
    LOGIN_MAX_FAILURES_PER_USER: int(1, 100_000).default(50),
    LOGIN_MAX_FAILURES_PER_ADDRESS: int(1, 100_000).default(100),
    TRUST_PROXY: int(0, 10).default(0),
    API_KEY_TOUCH_SECONDS: int(1, 3600).default(60),
    API_RATE_LIMIT_PER_MINUTE: int(0, 1_000_000).default(1200),
    INGEST_MAX_POSTS: int(1, 100_000).default(5000),
    INGEST_MAX_BYTES: int(1024, 512 * 1024 * 1024).default(32 * 1024 * 1024),
    INGEST_WORKER_JOBS: int(1, 1024).default(64),
    INGEST_WRITE_POSTS: int(1, 100_000).default(10_000),
    INGEST_WRITE_INTERVAL_MS: int(0, 10_000).default(100),
    INGEST_QUEUE_INTERVAL_MS: int(0, 1000).default(5),
    INGEST_MAX_LAG_SECONDS: int(0, 7 * 24 * 3600).default(600),
    ANALYSIS_THREADS: int(0, 64).optional(),
    LIVE_THROTTLE_MS: int(100, 60_000).default(1000),
    RETENTION_DAYS: int(0, 36_500).default(0),
    TAXONOMY_FILE: z.string().min(1).optional(),
    SOURCES_FILE: z.string().min(1).optional(),
    SOURCES_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes), e.g. from "openssl rand -hex 32"').optional(),
    IMPORT_MAX_BYTES: int(1024, 256 * 1024 * 1024).default(16 * 1024 * 1024),
    IDENTITY_PHONE_REGION: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as AR, ES or US').default('AR'),
    IDENTITY_LINK_THRESHOLD: z.coerce.number().min(0).max(1).default(0.9),
    IDENTITY_SUGGEST_THRESHOLD: z.coerce.number().min(0).max(1).default(0.5),
    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    SERVE_WEB: bool.default(true),
    CORS_ORIGINS: origins.optional(),
    PUBLIC_URL: z
      .string()
      .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be the http(s) address people open the dashboard at, such as https://escucha.example.com')
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    METRICS_PORT: int(1, 65535).optional(),
    X_BEARER_TOKEN: z.string().min(1).optional(),
    X_QUERIES: z.string().optional(),
    X_API_BASE_URL: z.string().default('https://api.x.com'),
    // Test and tuning knobs: X prescribes the production values, which are the defaults.
    X_STALL_MS: int(100, 600_000).default(20_000),
    X_RETRY_NETWORK_MS: int(1, 60_000).default(250),
    X_RETRY_HTTP_MS: int(1, 600_000).default(5_000),
    X_RETRY_RATE_LIMIT_MS: int(1, 3_600_000).default(60_000),
    BLUESKY_QUERIES: z.string().optional(),
    BLUESKY_JETSTREAM_URL: z.string().regex(/^wss?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be a ws:// or wss:// URL such as wss://jetstream2.us-east.bsky.network').default('wss://jetstream2.us-east.bsky.network'),
    BLUESKY_REWIND_MS: int(0, 3_600_000).default(5_000),
    BLUESKY_STALL_MS: int(100, 600_000).default(30_000),
    BLUESKY_RETRY_MS: int(1, 600_000).default(1_000),
    MASTODON_URL: z.string().regex(/^https?:\/\/[^\s/?#]+\/?$/, 'must be the server\'s origin such as https://mastodon.social').optional(),
    MASTODON_TAGS: z.string().optional(),
    MASTODON_QUERIES: z.string().optional(),
    MASTODON_TOKEN: z.string().min(1).optional(),
    MASTODON_STALL_MS: int(100, 600_000).default(60_000),
    MASTODON_RETRY_MS: int(1, 600_000).default(1_000),
    FACEBOOK_RATE_LIMIT_WAIT_MS: int(1, 3_600_000).default(60_000),
    FACEBOOK_GRAPH_URL: z.string().regex(/^https?:\/\/[^\s?#]+$/, 'must be an URL such as https://graph.facebook.com/v21.0').default('https://graph.facebook.com/v21.0'),
    ALERTS: bool.default(true),
    ALERTS_INTERVAL_SECONDS: int(10, 3600).default(60),
    ALERTS_WARMUP_INTERVALS: int(0, 100_000).default(240),
    ALERTS_HISTORY_HOURS: int(0, 24 * 14).default(48),
    ALERTS_LAG_SECONDS: int(0, 600).default(10),
    ALERTS_RESOLVE_INTERVALS: int(1, 1000).default(5),
    ALERTS_COOLDOWN_MINUTES: int(0, 24 * 60).default(30),
    ALERTS_UTC_OFFSET_MINUTES: int(-720, 840).default(-180),
    ALERTS_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    ALERTS_WEBHOOK_ALLOW_INTERNAL: bool.default(false),
    ALERTS_DELIVERY_ATTEMPTS: int(1, 20).default(5),
    ALERTS_DELIVERY_BACKOFF_MS: int(10, 600_000).default(2000),
    SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/, 'must be smtp://host:port or smtps://user:pass@host:port').optional(),
    ALERTS_EMAIL_FROM: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address').default('escucha@localhost'),
    REPORT_EMAIL_TO: z
      .string()
      .transform((text) => text.split(',').map((address) => address.trim()).filter((address) => address !== ''))
      .pipe(z.array(z.string().regex(/^[^\s@]+@[^\s@]+$/, 'must be email addresses, separated by commas')))
      .optional(),
    REPORT_HOUR: int(0, 23).default(8),
    NOTIFY_LANGUAGE: z.enum(['es', 'en']).default('es'),
    /** Renamed NOTIFY_LANGUAGE; read only to say so. */
    REPORT_LANGUAGE: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.MASTODON_URL && lines(env.MASTODON_TAGS).length === 0 && lines(env.MASTODON_QUERIES).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['MASTODON_TAGS'], message: 'needs at least one hashtag (or MASTODON_QUERIES for the public timeline) when MASTODON_URL is set' });
    }
    if (env.REPORT_LANGUAGE !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['REPORT_LANGUAGE'], message: 'is now NOTIFY_LANGUAGE, the language of alert messages and the daily report alike: rename it' });
    }
    if (env.REPORT_EMAIL_TO?.length && !env.SMTP_URL) {
      ctx.addIssue({ code: 'custom', path: ['REPORT_EMAIL_TO'], message: 'needs SMTP_URL: the daily report goes out by email' });
    }
    if (env.STORE === 'elasticsearch' && !env.ELASTICSEARCH_URL) {
      ctx.addIssue({ code: 'custom', path: ['ELASTICSEARCH_URL'], message: 'is required when STORE=elasticsearch' });
    }
    if (env.IDENTITY_SUGGEST_THRESHOLD > env.IDENTITY_LINK_THRESHOLD) {
      ctx.addIssue({ code: 'custom', path: ['IDENTITY_SUGGEST_THRESHOLD'], message: 'must not be above IDENTITY_LINK_THRESHOLD' });
    }
    if (env.ADMIN_PASSWORD !== undefined) {
      const weakness = passwordWeakness(env.ADMIN_PASSWORD, { minLength: env.PASSWORD_MIN_LENGTH, minStrength: env.PASSWORD_MIN_STRENGTH });
      if (weakness) ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: `${weakness} (PASSWORD_MIN_LENGTH / PASSWORD_MIN_STRENGTH set the policy)` });
    }
    if (env.QUEUE === 'bullmq' && !env.REDIS_URL) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'is required when QUEUE=bullmq' });
    }
    // Several processes share the source registry: a key generated per node would seal
    // credentials that no other node can open (a webhook accepted on one node, a 500 on the next).
    if (env.QUEUE === 'bullmq' && !env.SOURCES_KEY) {
      ctx.addIssue({ code: 'custom', path: ['SOURCES_KEY'], message: 'is required when QUEUE=bullmq: every API node and worker must seal and open source credentials with the same key ("openssl rand -hex 32")' });
    }
    if (env.X_BEARER_TOKEN) {
      const queries = xQueries(env.X_QUERIES);
      if (queries.length === 0) ctx.addIssue({ code: 'custom', path: ['X_QUERIES'], message: 'needs at least one rule (one per line) when X_BEARER_TOKEN is set' });
      const long = queries.find((query) => query.length > 1024);
      if (long) ctx.addIssue({ code: 'custom', path: ['X_QUERIES'], message: `each rule must be at most 1024 characters (X's longest, on the Pro tier), got one of ${long.length}` });
      // twitter-api-v2 only speaks https, to X and to any stand-in.
      if (!/^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(env.X_API_BASE_URL)) {
        ctx.addIssue({ code: 'custom', path: ['X_API_BASE_URL'], message: 'must be an https URL such as https://api.x.com' });
      }
    }
  });

/** One entry per line (or comma, for hashtags); blank ones ignored. */
function lines(raw: string | undefined, separator: RegExp = /\r?\n/): string[] {
  return (raw ?? '').split(separator).map((line) => line.trim()).filter((line) => line !== '');
}

/** X_QUERIES holds one filtered-stream rule per line; blank lines are ignored. */
function xQueries(raw: string | undefined): string[] {
  return (raw ?? '').split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
}

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  http: {
    port: number;
    host: string;
    serveWeb: boolean;
    /** Browser origins other than the API's own that may call it; empty: cross-origin calls are refused. */
    corsOrigins: string[];
    /** Where people open the dashboard; messages link to it when set. */
    publicUrl?: string;
  };
  dataDir: string;
  store: { driver: 'duckdb' } | { driver: 'elasticsearch'; url: string; indexPrefix: string };
  queue: { driver: 'inline' } | { driver: 'bullmq'; url: string };
  /** `firstOutageMinutes`: an outage placed that long after the demo's first start (0: none). */
  demo: { mode: 'auto' | 'on' | 'off'; ratePerMinute: number; backfillDays: number; seed: number; firstOutageMinutes: number };
  auth: {
    adminPassword?: string;
    /** Root the signing keys are derived from; without it, random keys are kept in the store. */
    secret?: string;
    tokenTtlMs: number;
    /** A new signing key this often; older ones verify until their last token expires. */
    keyRotationMs: number;
    password: PasswordPolicy;
    /** Failed sign-ins allowed per window: per username and address pair, per username, per address. */
    loginLimits: { windowMs: number; perUserAndAddress: number; perUser: number; perAddress: number };
    /** Hops of reverse proxies whose X-Forwarded-For is believed (0: the socket's address is the client's). */
    trustProxy: number;
    /** An API key's lastUsedAt is written at most this often per key and process. */
    apiKeyTouchMs: number;
    /** Requests per minute per signed-in user or API key, over every API node (ingest aside); 0 for no limit. */
    requestsPerMinute: number;
  };
  ingest: {
    maxPosts: number;
    maxBytes: number;
    /** Ingest jobs a worker process takes at once; those ready together share one store write. */
    workerJobs: number;
    /** Most posts in one store write. */
    writePosts: number;
    /** Under load, store writes start at most this often (each carries more); a lone post is written at once. */
    writeIntervalMs: number;
    /** Under load, queue writes (a job each) start at most this often; a lone request is queued at once. */
    queueIntervalMs: number;
    /** Requests are refused (503) while the oldest unfinished ingest job is older than this; 0 never refuses. */
    maxLagSeconds: number;
    /** Worker threads ingest jobs analyse posts on; 0 analyses on the event loop (the default with BullMQ). */
    analysisThreads: number;
  };
  live: { throttleMs: number };
  retentionDays: number;
  taxonomyFile?: string;
  sources: {
    /** Declared in SOURCES_FILE: created or updated at start. */
    declared: DeclaredSource[];
    /** Seals stored credentials; without it, a key kept under DATA_DIR. */
    key?: Buffer;
  };
  imports: { maxBytes: number };
  /** Author↔customer linking: default phone region for numbers without +country, and the confidence thresholds. */
  identity: { phoneRegion: string; linkAt: number; suggestAt: number };
  /** The X connector; absent without X_BEARER_TOKEN. */
  x?: XConfig;
  /** Bluesky through Jetstream; absent without BLUESKY_QUERIES. */
  bluesky?: { queries: string[]; jetstreamUrl: string; rewindMs: number; stallMs: number; retryMs: number };
  /** A Mastodon server's streams; absent without MASTODON_URL. */
  mastodon?: { url: string; tags: string[]; queries: string[]; token?: string; stallMs: number; retryMs: number };
  /** Graph API for Facebook sources; their tokens and secrets are each source's credentials. */
  facebook: { graphUrl: string; rateLimitWaitMs: number };
  logLevel: Env['LOG_LEVEL'];
  logFormat: 'json' | 'pretty';
  alerts: AlertsConfig;
  /** The daily email report; absent without REPORT_EMAIL_TO. Days are local at ALERTS_UTC_OFFSET_MINUTES. */
  reports?: { to: string[]; hour: number };
  metrics: {
    /** Bearer token required to read /metrics; unset, /metrics is open. */
    token?: string;
    /** Port of the worker process's own /metrics listener (the worker has no HTTP server otherwise); unset, none. */
    port?: number;
  };
}

export interface AlertsConfig {
  enabled: boolean;
  /** Length of one detection bucket. */
  intervalMs: number;
  /** Buckets a series sees before it may alert. */
  warmupIntervals: number;
  /** History replayed at start so baselines do not start from nothing. */
  historyMs: number;
  /** A bucket is judged this long after it ends, so posts still in the queue count in it. */
  lagMs: number;
  resolveAfterIntervals: number;
  cooldownMs: number;
  utcOffsetMinutes: number;
  /** What alert messages (email, webhook text) and the daily report are written in. */
  language: 'es' | 'en';
  webhookSecret?: string;
  /** Alert webhooks may reach loopback and private addresses (off: they are refused, see OWASP API7). */
  webhookAllowInternal: boolean;
  delivery: { attempts: number; backoffMs: number };
  /** Email is off without it. */
  smtpUrl?: string;
  emailFrom: string;
}

export interface XConfig {
  bearerToken: string;
  /** One filtered-stream rule each. */
  queries: string[];
  /** Without a trailing slash. */
  apiBaseUrl: string;
  /** Silence (no tweet, no keep-alive) this long is a disconnect. */
  stallMs: number;
  /** Bases of X's reconnect schedule: network errors linear, HTTP errors and 429 doubling. */
  retry: { networkMs: number; httpMs: number; rateLimitMs: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads only the variables the schema knows; empty strings count as unset, as shells often export them. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, terminal = Boolean(process.stdout.isTTY)): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = source[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        // The variable, not the position inside a list it holds: that is what the user sets.
        const key = String(issue.path[0]);
        const got = key in raw ? ` (got "${raw[key]}")` : '';
        return `${key}: ${issue.message}${got}`;
      }),
    );
  }
  const declared = parsed.data.SOURCES_FILE ? readSourcesFile(resolve(parsed.data.SOURCES_FILE)) : { sources: [] };
  if ('problems' in declared) throw new ConfigError(declared.problems.map((problem) => `SOURCES_FILE: ${problem}`));
  return toConfig(parsed.data, declared.sources, terminal);
}

function toConfig(env: Env, declaredSources: DeclaredSource[], terminal: boolean): AppConfig {
  return {
    http: { port: env.PORT, host: env.HOST, serveWeb: env.SERVE_WEB, corsOrigins: env.CORS_ORIGINS ?? [], publicUrl: env.PUBLIC_URL },
    dataDir: resolve(env.DATA_DIR),
    store:
      env.STORE === 'elasticsearch'
        ? { driver: 'elasticsearch', url: env.ELASTICSEARCH_URL!, indexPrefix: env.ELASTICSEARCH_INDEX_PREFIX }
        : { driver: 'duckdb' },
    queue: env.QUEUE === 'bullmq' ? { driver: 'bullmq', url: env.REDIS_URL! } : { driver: 'inline' },
    demo: { mode: env.DEMO, ratePerMinute: env.DEMO_RATE, backfillDays: env.DEMO_BACKFILL_DAYS, seed: env.DEMO_SEED, firstOutageMinutes: env.DEMO_FIRST_OUTAGE_MINUTES },
    auth: {
      adminPassword: env.ADMIN_PASSWORD,
      secret: env.AUTH_SECRET,
      tokenTtlMs: env.TOKEN_TTL_HOURS * 3_600_000,
      keyRotationMs: env.AUTH_KEY_ROTATION_HOURS * 3_600_000,
      password: { minLength: env.PASSWORD_MIN_LENGTH, minStrength: env.PASSWORD_MIN_STRENGTH },
      loginLimits: {
        windowMs: env.LOGIN_FAILURE_WINDOW_MINUTES * 60_000,
        perUserAndAddress: env.LOGIN_MAX_FAILURES,
        perUser: env.LOGIN_MAX_FAILURES_PER_USER,
        perAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS,
      },
      trustProxy: env.TRUST_PROXY,
      apiKeyTouchMs: env.API_KEY_TOUCH_SECONDS * 1000,
      requestsPerMinute: env.API_RATE_LIMIT_PER_MINUTE,
    },
    ingest: {
      maxPosts: env.INGEST_MAX_POSTS,
      maxBytes: env.INGEST_MAX_BYTES,
      workerJobs: env.INGEST_WORKER_JOBS,
      writePosts: env.INGEST_WRITE_POSTS,
      writeIntervalMs: env.INGEST_WRITE_INTERVAL_MS,
      // A job has a fixed cost wherever it runs: with BullMQ, Lua scripts in Redis and a worker's
      // fetch; embedded, its journal records, a trip to the analysis thread and its share of a store
      // write. Unspaced, one-post requests arriving at a steady 1,500/s made jobs of about two posts
      // on the embedded default; 5 ms made jobs of nine and cut the server's CPU per request by
      // about a fifth, at a few ms more to the 202.
      queueIntervalMs: env.INGEST_QUEUE_INTERVAL_MS,
      maxLagSeconds: env.INGEST_MAX_LAG_SECONDS,
      // Embedded, jobs share the event loop with every request and socket, and a thread keeps
      // analysis off it. A scale-out worker's loop runs jobs only and more workers use more
      // cores: there a thread only adds the copying (the scale-out bench stored a fifth less).
      analysisThreads: env.ANALYSIS_THREADS ?? (env.QUEUE === 'bullmq' ? 0 : 1),
    },
    live: { throttleMs: env.LIVE_THROTTLE_MS },
    retentionDays: env.RETENTION_DAYS,
    taxonomyFile: env.TAXONOMY_FILE ? resolve(env.TAXONOMY_FILE) : undefined,
    sources: { declared: declaredSources, key: env.SOURCES_KEY ? Buffer.from(env.SOURCES_KEY, 'hex') : undefined },
    imports: { maxBytes: env.IMPORT_MAX_BYTES },
    identity: { phoneRegion: env.IDENTITY_PHONE_REGION, linkAt: env.IDENTITY_LINK_THRESHOLD, suggestAt: env.IDENTITY_SUGGEST_THRESHOLD },
    x: env.X_BEARER_TOKEN
      ? {
          bearerToken: env.X_BEARER_TOKEN,
          queries: xQueries(env.X_QUERIES),
          apiBaseUrl: env.X_API_BASE_URL.replace(/\/+$/, ''),
          stallMs: env.X_STALL_MS,
          retry: { networkMs: env.X_RETRY_NETWORK_MS, httpMs: env.X_RETRY_HTTP_MS, rateLimitMs: env.X_RETRY_RATE_LIMIT_MS },
        }
      : undefined,
    bluesky: lines(env.BLUESKY_QUERIES).length
      ? {
          queries: lines(env.BLUESKY_QUERIES),
          jetstreamUrl: env.BLUESKY_JETSTREAM_URL.replace(/\/+$/, ''),
          rewindMs: env.BLUESKY_REWIND_MS,
          stallMs: env.BLUESKY_STALL_MS,
          retryMs: env.BLUESKY_RETRY_MS,
        }
      : undefined,
    mastodon: env.MASTODON_URL
      ? {
          url: env.MASTODON_URL.replace(/\/+$/, ''),
          // Hashtags as the streaming API wants them: without "#".
          tags: lines(env.MASTODON_TAGS, /[\r\n,]+/).map((tag) => tag.replace(/^#/, '')),
          queries: lines(env.MASTODON_QUERIES),
          token: env.MASTODON_TOKEN,
          stallMs: env.MASTODON_STALL_MS,
          retryMs: env.MASTODON_RETRY_MS,
        }
      : undefined,
    facebook: { graphUrl: env.FACEBOOK_GRAPH_URL.replace(/\/+$/, ''), rateLimitWaitMs: env.FACEBOOK_RATE_LIMIT_WAIT_MS },
    logLevel: env.LOG_LEVEL,
    // A person reads a terminal; anything else (a file, a collector) reads one JSON object per line.
    logFormat: env.LOG_FORMAT ?? (terminal ? 'pretty' : 'json'),
    alerts: {
      enabled: env.ALERTS,
      intervalMs: env.ALERTS_INTERVAL_SECONDS * 1000,
      warmupIntervals: env.ALERTS_WARMUP_INTERVALS,
      historyMs: env.ALERTS_HISTORY_HOURS * 3_600_000,
      lagMs: env.ALERTS_LAG_SECONDS * 1000,
      resolveAfterIntervals: env.ALERTS_RESOLVE_INTERVALS,
      cooldownMs: env.ALERTS_COOLDOWN_MINUTES * 60_000,
      utcOffsetMinutes: env.ALERTS_UTC_OFFSET_MINUTES,
      language: env.NOTIFY_LANGUAGE,
      webhookSecret: env.ALERTS_WEBHOOK_SECRET,
      webhookAllowInternal: env.ALERTS_WEBHOOK_ALLOW_INTERNAL,
      delivery: { attempts: env.ALERTS_DELIVERY_ATTEMPTS, backoffMs: env.ALERTS_DELIVERY_BACKOFF_MS },
      smtpUrl: env.SMTP_URL,
      emailFrom: env.ALERTS_EMAIL_FROM,
    },
    ...(env.REPORT_EMAIL_TO?.length ? { reports: { to: env.REPORT_EMAIL_TO, hour: env.REPORT_HOUR } } : {}),
    metrics: { token: env.METRICS_TOKEN, port: env.METRICS_PORT },
  };
}

export const APP_CONFIG = Symbol('AppConfig');

/**
 * What the settings alone say of the demo stream: asked for, or by default while no real network
 * stream (X, Bluesky, Mastodon) is configured. With `auto`, a source in the registry turns it off
 * too: `DemoSwitch` (ingest) is the whole answer.
 */
export function isDemoEnabled(config: AppConfig): boolean {
  return config.demo.mode === 'on' || (config.demo.mode === 'auto' && !config.x && !config.bluesky && !config.mastodon);
}

const LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/** Nest wants every level to print, not a threshold. */
export function logLevels(level: AppConfig['logLevel']): Array<(typeof LEVELS)[number]> {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}
