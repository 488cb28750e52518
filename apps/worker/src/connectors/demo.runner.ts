import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, isDemoEnabled, type AppConfig } from '@escucha/config';
import { CLOCK, type Clock } from '@escucha/core';
import { DemoConnector, DemoGenerator } from '@escucha/connectors';
import { IngestService } from '@escucha/ingest';
import { LEADERSHIP, Lease, type Leadership } from '@escucha/queue';

/** The holder renews well within the lease, so one missed renewal does not hand the stream over. */
const LEASE_MS = 15_000;
const RENEW_MS = 5_000;

/**
 * Runs the demo stream when no real source is configured, in exactly one process of the
 * cluster (the lease holder). A marker file under DATA_DIR records the one-time backfill,
 * and a cursor file where the stream stopped, so a restart fills the gap.
 */
@Injectable()
export class DemoRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Demo');
  private connector?: DemoConnector;
  private timer?: NodeJS.Timeout;
  private stopping = false;
  private readonly lease: Lease;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEADERSHIP) leadership: Leadership,
    private readonly ingest: IngestService,
  ) {
    this.lease = new Lease(leadership, 'demo', { ttlMs: LEASE_MS, warn: (message) => this.logger.warn(message) });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!isDemoEnabled(this.config)) return;
    await this.campaign();
    this.timer = setInterval(() => void this.campaign(), RENEW_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    if (!this.connector) return;
    await this.stopStream();
    await this.lease.release();
  }

  private async campaign(): Promise<void> {
    if (this.stopping) return;
    const leader = await this.lease.renew();
    if (leader && !this.connector) this.startStream();
    else if (!leader && this.connector) await this.stopStream();
  }

  private startStream(): void {
    const marker = join(this.config.dataDir, 'demo.backfilled');
    const cursorFile = join(this.config.dataDir, 'demo.cursor');
    const { seed, ratePerMinute, backfillDays } = this.config.demo;
    const connector = new DemoConnector({
      generator: new DemoGenerator({ seed, ratePerMinute }),
      clock: this.clock,
      backfillDays,
      tickMs: 1000,
      hasBackfilled: () => access(marker).then(() => true, () => false),
      markBackfilled: () => writeFile(marker, this.clock.now().toISOString()),
      cursor: {
        load: () => readFile(cursorFile, 'utf8').then((at) => new Date(at.trim()), () => undefined),
        save: (at: Date) => writeFile(cursorFile, at.toISOString()),
      },
    });
    this.connector = connector;
    // Not awaited: the backfill runs in the background while the API already answers.
    connector.start(this.ingest).catch((error: Error) => this.logger.error(`demo stream stopped: ${error.message}`));
    this.logger.log(`demo stream on (${ratePerMinute} posts/min, ${backfillDays} days of backfill); DEMO=off turns it off`);
  }

  private async stopStream(): Promise<void> {
    const connector = this.connector;
    this.connector = undefined;
    await connector?.stop();
    if (!this.stopping) this.logger.log('demo stream handed over to another process');
  }
}
