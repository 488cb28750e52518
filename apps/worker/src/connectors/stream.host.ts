import type { Logger } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';
import type { DeclaredSource } from '@escucha/config';
import type { Connector, ConnectorReporter, ConnectorStatus, ConnectorTimers } from '@escucha/connectors';
import type { Metrics } from '@escucha/infra';
import type { ConnectorStateRegistry, IngestService, SourceRegistry } from '@escucha/ingest';
import { STREAM_RENEW_MS, StreamLease, type Leadership } from '@escucha/queue';

/** How often the holder publishes its connector's state for the Sources page. */
const SAMPLE_MS = 5_000;

export interface RunnableStream extends Connector {
  stats(): ConnectorStatus;
}

/** A connector's repeating timers as @nestjs/schedule intervals: listed in the SchedulerRegistry, cleared on shutdown. */
export class SchedulerTimers implements ConnectorTimers {
  constructor(private readonly scheduler: SchedulerRegistry) {}

  every(name: string, ms: number, tick: () => void): void {
    this.cancel(name);
    this.scheduler.addInterval(name, setInterval(tick, ms));
  }

  cancel(name: string): void {
    if (this.scheduler.doesExist('interval', name)) this.scheduler.deleteInterval(name);
  }
}

export interface StreamHostOptions {
  source: DeclaredSource;
  logger: Logger;
  leadership: Leadership;
  ingest: IngestService;
  sources: SourceRegistry;
  state: ConnectorStateRegistry;
  metrics: Metrics;
  scheduler: SchedulerRegistry;
  create(context: { timers: ConnectorTimers; reporter: ConnectorReporter }): RunnableStream;
}

/**
 * What every streaming connector needs around it in the server: its source declared in the
 * registry; one process of the cluster holding the stream (a lease named after the source), and
 * not while an admin has it paused; its state sampled into the registry for the Sources page and
 * into /metrics; and its timers (lease renewal, sampling, the connector's own watchdog) as
 * @nestjs/schedule intervals, so they are visible and stop on shutdown.
 */
export class StreamHost {
  private readonly timers: SchedulerTimers;
  private readonly lease: StreamLease;
  private connector?: RunnableStream;
  private counted = { malformed: 0, reconnects: 0 };

  constructor(private readonly options: StreamHostOptions) {
    this.timers = new SchedulerTimers(options.scheduler);
    const id = options.source.id;
    this.lease = new StreamLease(options.leadership, {
      name: `${id}-stream`,
      wanted: async () => (await options.sources.resolve(id))?.source.state !== 'paused',
      start: () => this.startStream(),
      stop: () => this.stopStream(),
      warn: (message) => options.logger.warn(message),
    });
  }

  private get id(): string {
    return this.options.source.id;
  }

  async boot(): Promise<void> {
    await this.options.sources.declare(this.options.source);
    await this.lease.renew();
    this.timers.every(`${this.id}-lease`, STREAM_RENEW_MS, () => void this.lease.renew());
    this.timers.every(`${this.id}-sample`, SAMPLE_MS, () => void this.sample());
  }

  async shutdown(): Promise<void> {
    this.timers.cancel(`${this.id}-lease`);
    this.timers.cancel(`${this.id}-sample`);
    await this.lease.close();
  }

  private async startStream(): Promise<void> {
    const { logger, sources, metrics } = this.options;
    const connector = this.options.create({
      timers: this.timers,
      reporter: {
        events: (count) => {
          sources.record(this.id, count);
          metrics.recordConnector(this.id, { events: count });
        },
        error: (message) => {
          sources.record(this.id, 0, message);
          logger.warn(message);
        },
      },
    });
    this.connector = connector;
    this.counted = { malformed: 0, reconnects: 0 };
    metrics.watchConnector(this.id, () => connector.stats());
    await connector.start(this.options.ingest);
    logger.log(`${this.id} stream on`);
  }

  private async stopStream(): Promise<void> {
    const connector = this.connector;
    this.connector = undefined;
    if (!connector) return;
    await connector.stop();
    this.options.metrics.unwatchConnector(this.id);
    await this.publish(connector.stats(), false);
    this.options.logger.log(`${this.id} stream stopped here (paused, shutting down, or handed over to another process)`);
  }

  private async sample(): Promise<void> {
    const connector = this.connector;
    if (!connector) return;
    await this.publish(connector.stats(), true);
  }

  private async publish(stats: ConnectorStatus, running: boolean): Promise<void> {
    this.options.metrics.recordConnector(this.id, {
      malformed: stats.malformed - this.counted.malformed,
      reconnects: stats.reconnects - this.counted.reconnects,
    });
    this.counted = { malformed: stats.malformed, reconnects: stats.reconnects };
    await this.options.state
      .publish(this.id, {
        connected: running && stats.connected,
        malformed: stats.malformed,
        reconnects: stats.reconnects,
        duplicates: stats.duplicates,
        ...(stats.rateLimitRemaining !== undefined ? { rateLimitRemaining: stats.rateLimitRemaining } : {}),
      })
      .catch((error: unknown) => this.options.logger.warn(`${this.id}: state not published: ${(error as Error).message}`));
  }
}
