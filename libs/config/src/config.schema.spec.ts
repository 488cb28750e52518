import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, isDemoEnabled, loadConfig } from './config.schema';

/** The least a scale-out process needs set. */
const bullmq = { QUEUE: 'bullmq', REDIS_URL: 'redis://127.0.0.1:6379', SOURCES_KEY: 'ab'.repeat(32) };

describe('loadConfig', () => {
  it('gives the embedded default with no settings', () => {
    const config = loadConfig({});
    expect(config.store).toEqual({ driver: 'duckdb' });
    expect(config.queue).toEqual({ driver: 'inline' });
    expect(config.http.port).toBe(3000);
    expect(config.demo.mode).toBe('auto');
  });

  it('names the setting when a driver is unknown', () => {
    expect(() => loadConfig({ STORE: 'mongo' })).toThrow(/STORE: .*got "mongo"/s);
  });

  it('requires ELASTICSEARCH_URL only with the elasticsearch store', () => {
    expect(() => loadConfig({ STORE: 'elasticsearch' })).toThrow(/ELASTICSEARCH_URL: is required when STORE=elasticsearch/);
    expect(loadConfig({ STORE: 'elasticsearch', ELASTICSEARCH_URL: 'http://127.0.0.1:9200' }).store).toEqual({
      driver: 'elasticsearch',
      url: 'http://127.0.0.1:9200',
      indexPrefix: 'escucha',
    });
    expect(() => loadConfig({ STORE: 'elasticsearch', ELASTICSEARCH_URL: 'http://x:9200', ELASTICSEARCH_INDEX_PREFIX: 'Bad Prefix' })).toThrow(
      /ELASTICSEARCH_INDEX_PREFIX: must be lower-case/,
    );
  });

  it('links messages to PUBLIC_URL when set, an http(s) address without a trailing slash', () => {
    expect(loadConfig({}).http.publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://escucha.example.com/' }).http.publicUrl).toBe('https://escucha.example.com');
    expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:3000/panel' }).http.publicUrl).toBe('http://10.0.0.5:3000/panel');
    expect(() => loadConfig({ PUBLIC_URL: 'escucha.example.com' })).toThrow(/PUBLIC_URL: must be the http\(s\) address/);
    expect(() => loadConfig({ PUBLIC_URL: 'https://escucha.example.com/?x=1' })).toThrow(/PUBLIC_URL/);
  });

  it('writes alert messages and the daily report in NOTIFY_LANGUAGE, Spanish unless set, and says REPORT_LANGUAGE was renamed', () => {
    expect(loadConfig({}).alerts.language).toBe('es');
    expect(loadConfig({ NOTIFY_LANGUAGE: 'en' }).alerts.language).toBe('en');
    expect(() => loadConfig({ NOTIFY_LANGUAGE: 'pt' })).toThrow(/NOTIFY_LANGUAGE/);
    expect(() => loadConfig({ REPORT_LANGUAGE: 'en' })).toThrow(/REPORT_LANGUAGE: is now NOTIFY_LANGUAGE/);
  });

  it('sends the daily report only when told where, and only with SMTP_URL, naming the setting', () => {
    expect(loadConfig({}).reports).toBeUndefined();
    expect(() => loadConfig({ REPORT_EMAIL_TO: 'marketing@example.com' })).toThrow(/REPORT_EMAIL_TO: needs SMTP_URL/);
    expect(() => loadConfig({ REPORT_EMAIL_TO: 'marketing@example.com, nobody', SMTP_URL: 'smtp://127.0.0.1:25' })).toThrow(/REPORT_EMAIL_TO.*must be email addresses/s);
    expect(() => loadConfig({ REPORT_EMAIL_TO: 'a@example.com', SMTP_URL: 'smtp://127.0.0.1:25', REPORT_HOUR: '24' })).toThrow(/REPORT_HOUR/);
    expect(loadConfig({ REPORT_EMAIL_TO: ' a@example.com,b@example.com ', SMTP_URL: 'smtp://127.0.0.1:25' }).reports).toEqual({
      to: ['a@example.com', 'b@example.com'],
      hour: 8,
    });
  });

  it('requires REDIS_URL only with the bullmq queue', () => {
    expect(() => loadConfig({ QUEUE: 'bullmq' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ QUEUE: 'bullmq', REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/SOURCES_KEY: is required when QUEUE=bullmq/);
  });

  it('reads the sign-in settings, with their defaults', () => {
    expect(loadConfig({}).auth).toMatchObject({
      tokenTtlMs: 12 * 3_600_000,
      keyRotationMs: 24 * 3_600_000,
      password: { minLength: 12, minStrength: 3 },
      loginLimits: { windowMs: 15 * 60_000, perUserAndAddress: 10, perUser: 50, perAddress: 100 },
      trustProxy: 0,
      apiKeyTouchMs: 60_000,
    });
    const set = loadConfig({ LOGIN_FAILURE_WINDOW_MINUTES: '5', LOGIN_MAX_FAILURES: '3', AUTH_KEY_ROTATION_HOURS: '6', TRUST_PROXY: '2' }).auth;
    expect(set).toMatchObject({ keyRotationMs: 6 * 3_600_000, loginLimits: { windowMs: 5 * 60_000, perUserAndAddress: 3 }, trustProxy: 2 });
  });

  it('holds ADMIN_PASSWORD to the password policy it is given', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: 'password123456' })).toThrow(/ADMIN_PASSWORD: password is too common/);
    expect(loadConfig({ ADMIN_PASSWORD: 'password123456', PASSWORD_MIN_STRENGTH: '0' }).auth.adminPassword).toBe('password123456');
    expect(() => loadConfig({ ADMIN_PASSWORD: 'tangerine-orbit', PASSWORD_MIN_LENGTH: '16' })).toThrow(/ADMIN_PASSWORD: password must be at least 16 characters, got 15/);
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DEMO: 'maybe', ADMIN_PASSWORD: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/DEMO/);
      expect(problems).toMatch(/ADMIN_PASSWORD: must be at least 8 characters/);
    }
  });

  it('places the demo\'s first outage DEMO_FIRST_OUTAGE_MINUTES after its first start, 10 unless set, 0 for none, up to a day', () => {
    expect(loadConfig({}).demo.firstOutageMinutes).toBe(10);
    expect(loadConfig({ DEMO_FIRST_OUTAGE_MINUTES: '0' }).demo.firstOutageMinutes).toBe(0);
    expect(() => loadConfig({ DEMO_FIRST_OUTAGE_MINUTES: '1441' })).toThrow(/DEMO_FIRST_OUTAGE_MINUTES/);
    expect(() => loadConfig({ DEMO_FIRST_OUTAGE_MINUTES: 'soon' })).toThrow(/DEMO_FIRST_OUTAGE_MINUTES/);
  });

  it('limits requests per caller by API_RATE_LIMIT_PER_MINUTE, 1,200 unless set, 0 for none', () => {
    expect(loadConfig({}).auth.requestsPerMinute).toBe(1200);
    expect(loadConfig({ API_RATE_LIMIT_PER_MINUTE: '0' }).auth.requestsPerMinute).toBe(0);
    expect(() => loadConfig({ API_RATE_LIMIT_PER_MINUTE: '-5' })).toThrow(/API_RATE_LIMIT_PER_MINUTE/);
    expect(() => loadConfig({ API_RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(/API_RATE_LIMIT_PER_MINUTE/);
  });

  it('refuses ingest past INGEST_MAX_LAG_SECONDS of lag, 10 minutes unless set, 0 never', () => {
    expect(loadConfig({}).ingest.maxLagSeconds).toBe(600);
    expect(loadConfig({ INGEST_MAX_LAG_SECONDS: '0' }).ingest.maxLagSeconds).toBe(0);
    expect(loadConfig({ INGEST_MAX_LAG_SECONDS: '3600' }).ingest.maxLagSeconds).toBe(3600);
    expect(() => loadConfig({ INGEST_MAX_LAG_SECONDS: '-1' })).toThrow(/INGEST_MAX_LAG_SECONDS/);
    expect(() => loadConfig({ INGEST_MAX_LAG_SECONDS: '10m' })).toThrow(/INGEST_MAX_LAG_SECONDS/);
  });

  it('spaces queue writes under load by INGEST_QUEUE_INTERVAL_MS: unless set, 5 ms on both footprints; up to a second', () => {
    expect(loadConfig({}).ingest.queueIntervalMs).toBe(5);
    expect(loadConfig(bullmq).ingest.queueIntervalMs).toBe(5);
    expect(loadConfig({ ...bullmq, INGEST_QUEUE_INTERVAL_MS: '0' }).ingest.queueIntervalMs).toBe(0);
    expect(loadConfig({ INGEST_QUEUE_INTERVAL_MS: '20' }).ingest.queueIntervalMs).toBe(20);
    expect(loadConfig({ INGEST_QUEUE_INTERVAL_MS: '0' }).ingest.queueIntervalMs).toBe(0);
    expect(() => loadConfig({ INGEST_QUEUE_INTERVAL_MS: '5000' })).toThrow(/INGEST_QUEUE_INTERVAL_MS/);
    expect(() => loadConfig({ INGEST_QUEUE_INTERVAL_MS: 'soon' })).toThrow(/INGEST_QUEUE_INTERVAL_MS/);
  });

  it('analyses posts on ANALYSIS_THREADS worker threads: unless set, one embedded and none (the event loop) in scale-out workers', () => {
    expect(loadConfig({}).ingest.analysisThreads).toBe(1);
    expect(loadConfig(bullmq).ingest.analysisThreads).toBe(0);
    expect(loadConfig({ ...bullmq, ANALYSIS_THREADS: '2' }).ingest.analysisThreads).toBe(2);
    expect(loadConfig({ ANALYSIS_THREADS: '0' }).ingest.analysisThreads).toBe(0);
    expect(loadConfig({ ANALYSIS_THREADS: '4' }).ingest.analysisThreads).toBe(4);
    expect(() => loadConfig({ ANALYSIS_THREADS: '-1' })).toThrow(/ANALYSIS_THREADS/);
    expect(() => loadConfig({ ANALYSIS_THREADS: 'all' })).toThrow(/ANALYSIS_THREADS/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '' }).http.port).toBe(3000);
  });

  it('reads CORS_ORIGINS as a list of origins and refuses anything else', () => {
    expect(loadConfig({}).http.corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).http.corsOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
    ]);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS.*must be an origin/s);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://ok.example.com,https://bad.example.com/path' })).toThrow(/CORS_ORIGINS.*got "https:\/\/ok/s);
  });

  it('logs JSON unless on a terminal, and LOG_FORMAT decides when set', () => {
    expect(loadConfig({}, false).logFormat).toBe('json');
    expect(loadConfig({}, true).logFormat).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }, true).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }, false).logFormat).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });
});

describe('SOURCES_FILE', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const write = (content: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'escucha-sources-'));
    dirs.push(dir);
    const file = join(dir, 'sources.json');
    writeFileSync(file, content);
    return file;
  };

  it('declares the sources it lists, active unless it says', () => {
    const file = write(
      JSON.stringify([
        { id: 'callcenter', kind: 'webhook', name: 'Call center', channel: 'callcenter', credentials: { secret: 's'.repeat(32) } },
        { id: 'forum-dump', kind: 'import', name: 'Forum export', channel: 'forum', state: 'paused' },
      ]),
    );
    expect(loadConfig({ SOURCES_FILE: file }).sources.declared).toEqual([
      { id: 'callcenter', kind: 'webhook', name: 'Call center', channel: 'callcenter', state: 'active', credentials: { secret: 's'.repeat(32) } },
      { id: 'forum-dump', kind: 'import', name: 'Forum export', channel: 'forum', state: 'paused' },
    ]);
  });

  it('stops with the setting, the entry and the field named', () => {
    const file = write(JSON.stringify([{ id: 'a', kind: 'webhook', name: 'A', channel: 'fax', credentials: { secret: 'short' } }]));
    expect(() => loadConfig({ SOURCES_FILE: file })).toThrow(/SOURCES_FILE: .*\[0\.channel\] must be one of/);
    const weak = write(JSON.stringify([{ id: 'a', kind: 'webhook', name: 'A', channel: 'forum', credentials: { secret: 'short' } }]));
    expect(() => loadConfig({ SOURCES_FILE: weak })).toThrow(/SOURCES_FILE: .*\[0\.credentials\.secret\] a webhook needs a secret/);
    const twice = write(JSON.stringify([{ id: 'a', kind: 'import', name: 'A', channel: 'forum' }, { id: 'a', kind: 'import', name: 'B', channel: 'forum' }]));
    expect(() => loadConfig({ SOURCES_FILE: twice })).toThrow(/"a" is declared twice/);
    expect(() => loadConfig({ SOURCES_FILE: write('{not json') })).toThrow(/SOURCES_FILE: cannot read .* as JSON/);
    expect(() => loadConfig({ SOURCES_FILE: '/nonexistent/sources.json' })).toThrow(/SOURCES_FILE: cannot read/);
  });

  it('takes SOURCES_KEY only as 32 bytes of hex', () => {
    expect(loadConfig({ SOURCES_KEY: 'ab'.repeat(32) }).sources.key).toEqual(Buffer.alloc(32, 0xab));
    expect(() => loadConfig({ SOURCES_KEY: 'abc' })).toThrow(/SOURCES_KEY: must be 64 hex characters/);
  });
  describe('X', () => {
    it('is off without a token, whatever the other X settings say', () => {
      expect(loadConfig({ X_API_BASE_URL: 'not a url' }).x).toBeUndefined();
    });

    it('takes one rule per line, the default base URL, and turns the demo off in auto mode', () => {
      const config = loadConfig({ X_BEARER_TOKEN: 'token', X_QUERIES: 'banco OR bank\r\n\n  "mi banco" lang:es  \n' });
      expect(config.x).toMatchObject({ bearerToken: 'token', queries: ['banco OR bank', '"mi banco" lang:es'], apiBaseUrl: 'https://api.x.com', stallMs: 20_000 });
      expect(config.x?.retry).toEqual({ networkMs: 250, httpMs: 5_000, rateLimitMs: 60_000 });
      expect(isDemoEnabled(config)).toBe(false);
      expect(isDemoEnabled(loadConfig({ X_BEARER_TOKEN: 'token', X_QUERIES: 'a', DEMO: 'on' }))).toBe(true);
    });

    it('needs queries and an https base URL once a token is set', () => {
      expect(() => loadConfig({ X_BEARER_TOKEN: 'token' })).toThrow(/X_QUERIES: needs at least one rule/);
      expect(() => loadConfig({ X_BEARER_TOKEN: 'token', X_QUERIES: 'a', X_API_BASE_URL: 'http://127.0.0.1:9' })).toThrow(/X_API_BASE_URL: must be an https URL/);
      expect(loadConfig({ X_BEARER_TOKEN: 'token', X_QUERIES: 'a', X_API_BASE_URL: 'https://127.0.0.1:8443/' }).x?.apiBaseUrl).toBe('https://127.0.0.1:8443');
    });
  });
});
