import { createHash, timingSafeEqual } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { QUEUE_NAMES, type QueueName } from '@escucha/core';
import { queueLagMs, type JobQueue, type QueueCounts } from '@escucha/queue';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type JobOutcome = 'completed' | 'retrying' | 'failed';
export type WriteOutcome = 'ok' | 'error';

/** A scrape must not hang on a queue that does not answer (BullMQ retries for much longer). */
const COLLECT_TIMEOUT_MS = 2_000;

/**
 * Every metric the process exposes, in one registry of its own: features record through the
 * methods below and never see prom-client, and no metric lands in prom-client's global registry,
 * so two instances (two apps in one test process) never share or collide.
 *
 * Gauges of things that already have a count somewhere (queue depth, live clients) are read when
 * scraped, not polled.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly logger = new Logger('Metrics');

  private readonly httpRequests = new Counter({
    name: 'escucha_http_requests_total',
    help: 'HTTP requests answered, by method, declared route ("static" for files and pages, "unmatched" for unknown paths) and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly httpDuration = new Histogram({
    name: 'escucha_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer being sent, by method, declared route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly postsIngested = new Counter({
    name: 'escucha_posts_ingested_total',
    help: 'Posts accepted and durably queued, by queue (API, webhooks, imports and connectors alike)',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  private readonly postsRejected = new Counter({
    name: 'escucha_posts_rejected_total',
    help: 'Posts refused by validation, by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  private readonly jobDuration = new Histogram({
    name: 'escucha_job_duration_seconds',
    help: 'Time a job took to run, by queue, job name and outcome (completed, retrying, failed for good)',
    labelNames: ['queue', 'name', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 1800],
    registers: [this.registry],
  });

  private readonly storeWriteDuration = new Histogram({
    name: 'escucha_store_write_duration_seconds',
    help: 'Time of one store write of ingested posts (one DuckDB transaction, one Elasticsearch bulk), by store driver and outcome',
    labelNames: ['store', 'outcome'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly storeWrittenPosts = new Counter({
    name: 'escucha_store_written_posts_total',
    help: 'Posts handed to store writes of ingested posts, by store driver and outcome',
    labelNames: ['store', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly connectorEvents = new Counter({
    name: 'escucha_connector_events_total',
    help: 'Posts a streaming connector (x, bluesky, mastodon) or a Facebook webhook or backfill handed to ingest, by source id',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  private readonly connectorMalformed = new Counter({
    name: 'escucha_connector_malformed_total',
    help: 'Payloads a connector could not read, counted and skipped, by source id',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  private readonly connectorReconnects = new Counter({
    name: 'escucha_connector_reconnects_total',
    help: 'Connections a streaming connector opened again after one ended, by source id',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  /** Sampled when scraped from each stream this process holds. */
  private readonly connectorSamplers = new Map<string, () => { connected: boolean; rateLimitRemaining?: number }>();

  private queuesWatched = false;

  /** `processMetrics`: prom-client's default process and Node.js metrics (CPU, memory, event loop lag, GC). */
  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  recordHttp(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  recordIngest(queue: QueueName, accepted: number, rejected: number): void {
    if (accepted > 0) this.postsIngested.inc({ queue }, accepted);
    if (rejected > 0) this.postsRejected.inc({ queue }, rejected);
  }

  recordJob(queue: QueueName, name: string, outcome: JobOutcome, seconds: number): void {
    this.jobDuration.observe({ queue, name, outcome }, seconds);
  }

  recordStoreWrite(store: string, outcome: WriteOutcome, posts: number, seconds: number): void {
    this.storeWriteDuration.observe({ store, outcome }, seconds);
    this.storeWrittenPosts.inc({ store, outcome }, posts);
  }

  recordConnector(source: string, counts: { events?: number; malformed?: number; reconnects?: number }): void {
    if (counts.events) this.connectorEvents.inc({ source }, counts.events);
    if (counts.malformed) this.connectorMalformed.inc({ source }, counts.malformed);
    if (counts.reconnects) this.connectorReconnects.inc({ source }, counts.reconnects);
  }

  /**
   * A stream this process holds: whether it is connected and the rate limit it has left, read
   * at each scrape. `undefined` from the sampler (or `unwatchConnector`) drops its series.
   */
  watchConnector(source: string, sample: () => { connected: boolean; rateLimitRemaining?: number }): void {
    if (this.connectorSamplers.size === 0 && !this.registry.getSingleMetric('escucha_connector_connected')) {
      const samplers = this.connectorSamplers;
      new Gauge({
        name: 'escucha_connector_connected',
        help: 'Whether the stream of a source is connected (1) or not (0), in the process holding it',
        labelNames: ['source'] as const,
        registers: [this.registry],
        collect() {
          this.reset();
          for (const [id, sampler] of samplers) this.set({ source: id }, sampler().connected ? 1 : 0);
        },
      });
      new Gauge({
        name: 'escucha_connector_rate_limit_remaining',
        help: 'Requests left in the rate-limit window (Mastodon), or percent of the app quota left (Graph), as the service last said',
        labelNames: ['source'] as const,
        registers: [this.registry],
        collect() {
          this.reset();
          for (const [id, sampler] of samplers) {
            const left = sampler().rateLimitRemaining;
            if (left !== undefined) this.set({ source: id }, left);
          }
        },
      });
    }
    this.connectorSamplers.set(source, sample);
  }

  unwatchConnector(source: string): void {
    this.connectorSamplers.delete(source);
  }

  /**
   * Queue depth by queue and state, asked of the queue at each scrape. A queue that does not
   * answer in time leaves its series out of that scrape (the rest still answers) and a warning.
   */
  watchQueues(queue: JobQueue): void {
    if (this.queuesWatched) return;
    this.queuesWatched = true;
    const logger = this.logger;
    const eachQueue = (read: (name: QueueName) => Promise<void>): Promise<unknown> =>
      Promise.all(
        QUEUE_NAMES.map((name) =>
          withTimeout(read(name), COLLECT_TIMEOUT_MS).catch((error: Error) => logger.warn(`metrics: queue ${name} did not answer: ${error.message}`)),
        ),
      );
    new Gauge({
      name: 'escucha_queue_depth',
      help: 'Jobs in each queue by state (waiting, active, delayed, failed), read from the queue when scraped',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        await eachQueue(async (name) => {
          const counts = await queue.counts(name);
          for (const state of Object.keys(counts) as Array<keyof QueueCounts>) this.set({ queue: name, state }, counts[state]);
        });
      },
    });
    new Gauge({
      name: 'escucha_queue_lag_seconds',
      help: 'Age of the oldest job in each queue not yet finished (waiting, running or retrying; 0 when none), read from the queue when scraped: how far behind the workers are',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        await eachQueue(async (name) => this.set({ queue: name }, (await queueLagMs(queue, name, new Date())) / 1000));
      },
    });
  }

  /** Clients connected to this process's `/live` namespace (each API node counts its own). */
  watchLiveClients(count: () => number): void {
    this.readAtScrape('escucha_live_clients', 'Clients connected to the socket.io namespace /live on this process', count);
  }

  /**
   * How far alert detection has got, read at each scrape: the end of the newest bucket it judged,
   * or `undefined` where this process does not detect (another holds the lease, or its take-over
   * has not finished). Stale in the process that detects means detection is stuck or behind.
   */
  watchAlertDetection(judgedUntilMs: () => number | undefined): void {
    this.readAtScrape(
      'escucha_alerts_judged_until_seconds',
      'End of the newest bucket alert detection has judged (Unix seconds) in the process that detects; 0 in the others and until its take-over has replayed the history',
      () => (judgedUntilMs() ?? 0) / 1000,
    );
  }

  /** A gauge without labels whose value is read when scraped; the first watcher of a name keeps it. */
  private readAtScrape(name: string, help: string, read: () => number): void {
    if (this.registry.getSingleMetric(name)) return;
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/**
 * Whether an `Authorization` header carries the metrics token. No token configured: open.
 * Compared as digests, so the time taken says nothing about the token's length or prefix.
 */
export function metricsAccessAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
