import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig, type XConfig } from '@escucha/config';
import { XConnector, type XCursor } from '@escucha/connectors';
import { CLOCK, type Clock } from '@escucha/core';
import { Metrics } from '@escucha/infra';
import { ConnectorStateRegistry, IngestService, SourceRegistry } from '@escucha/ingest';
import { LEADERSHIP, Lease, type Leadership } from '@escucha/queue';
import { CHECKPOINT_STORE, type CheckpointStore } from '@escucha/store';

/** X allows one connection per app: the lease makes sure only one process of the cluster opens it. */
const LEASE = 'x-stream';
const LEASE_MS = 15_000;
const RENEW_MS = 5_000;
/** The source the stream reports as, on the Sources page and in its stats. */
export const X_SOURCE_ID = 'x';
/** The newest tweet handed on, in the checkpoint store: whichever process takes the lease next resumes from it. */
export const X_CURSOR = 'x.cursor';

/**
 * Runs the X filtered stream when X_BEARER_TOKEN is set, in the one process holding the lease,
 * and not while an admin has the `x` source paused. The newest tweet handed on is kept in the
 * checkpoint store, so a restart, or another process taking the lease over, fills the downtime
 * from recent search.
 * The lease renewal and state sampling are @nestjs/schedule intervals, cleared on shutdown; the
 * keep-alive watchdog is twitter-api-v2's own timer inside the connector.
 */
@Injectable()
export class XRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('X');
  private connector?: XConnector;
  private stopping = false;
  private campaigning = false;
  // X allows one connection per app: a second one would knock out the first.
  private readonly lease: Lease;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LEADERSHIP) leadership: Leadership,
    private readonly ingest: IngestService,
    private readonly sources: SourceRegistry,
    private readonly scheduler: SchedulerRegistry,
    private readonly state: ConnectorStateRegistry,
    private readonly metrics: Metrics,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.lease = new Lease(leadership, LEASE, { ttlMs: LEASE_MS, warn: (message) => this.logger.warn(message) });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.x) return;
    await this.sources.declare({ id: X_SOURCE_ID, kind: 'x', name: 'X filtered stream', channel: 'x', state: 'active' });
    await this.campaign();
    this.scheduler.addInterval('x-lease', setInterval(() => void this.campaign(), RENEW_MS));
    this.scheduler.addInterval('x-sample', setInterval(() => void this.sample(), RENEW_MS));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    for (const name of ['x-lease', 'x-sample']) if (this.scheduler.doesExist('interval', name)) this.scheduler.deleteInterval(name);
    if (!this.connector) return;
    await this.stopStream();
    await this.lease.release();
  }

  private async campaign(): Promise<void> {
    if (this.stopping || this.campaigning || !this.config.x) return;
    this.campaigning = true;
    try {
      const leader = await this.lease.renew();
      const paused = leader && (await this.sources.resolve(X_SOURCE_ID))?.source.state === 'paused';
      if (leader && !paused && !this.connector) await this.startStream(this.config.x);
      else if ((!leader || paused) && this.connector) await this.stopStream();
    } finally {
      this.campaigning = false;
    }
  }

  private async startStream(x: XConfig): Promise<void> {
    const connector = new XConnector({
      bearerToken: x.bearerToken,
      queries: x.queries,
      apiBaseUrl: x.apiBaseUrl,
      stallMs: x.stallMs,
      retry: x.retry,
      cursor: {
        load: () => this.loadCursor(),
        save: (cursor) => this.checkpoints.put(X_CURSOR, cursor, this.clock.now()),
      },
      reporter: {
        events: (count) => {
          this.sources.record(X_SOURCE_ID, count);
          this.metrics.recordConnector(X_SOURCE_ID, { events: count });
        },
        error: (message) => {
          this.sources.record(X_SOURCE_ID, 0, message);
          this.logger.warn(message);
        },
      },
      logger: this.logger,
    });
    this.connector = connector;
    this.metrics.watchConnector(X_SOURCE_ID, () => connector.stats());
    await connector.start(this.ingest);
    this.logger.log(`X stream on (${x.queries.length} rule(s), ${x.apiBaseUrl})`);
  }

  /** The stored cursor; an older install's DATA_DIR/x.cursor file is moved into the store once. */
  private async loadCursor(): Promise<XCursor | undefined> {
    const stored = await this.checkpoints.get(X_CURSOR);
    if (stored) return stored.value as XCursor;
    const legacy = join(this.config.dataDir, 'x.cursor');
    const text = await readFile(legacy, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    const cursor = JSON.parse(text) as XCursor;
    await this.checkpoints.put(X_CURSOR, cursor, this.clock.now());
    await rm(legacy, { force: true });
    this.logger.log(`x: cursor moved from ${legacy} into the store`);
    return cursor;
  }

  /** The Sources page's view of the stream, and /metrics's; and the cursor, saved while running. */
  private async sample(connector = this.connector): Promise<void> {
    if (!connector) return;
    await connector.checkpoint();
    const stats = connector.stats();
    await this.state
      .publish(X_SOURCE_ID, { connected: stats.connected && this.connector === connector, malformed: stats.malformed, reconnects: Math.max(0, stats.connects - 1), duplicates: stats.duplicates })
      .catch((error: Error) => this.logger.warn(`x: state not published: ${error.message}`));
  }

  private async stopStream(): Promise<void> {
    const connector = this.connector;
    this.connector = undefined;
    await connector?.stop();
    this.metrics.unwatchConnector(X_SOURCE_ID);
    await this.sample(connector);
    if (!this.stopping) this.logger.log('X stream stopped here (paused, or handed over to another process)');
  }
}
