import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, isDemoEnabled, type AppConfig } from '@escucha/config';
import { CLOCK, type Clock } from '@escucha/core';
import { DemoConnector, DemoGenerator } from '@escucha/connectors';
import { IngestService } from '@escucha/ingest';

/** Starts the demo stream when no real source is configured; a marker file under DATA_DIR records the one-time backfill. */
@Injectable()
export class DemoRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Demo');
  private connector?: DemoConnector;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly ingest: IngestService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!isDemoEnabled(this.config)) return;
    const marker = join(this.config.dataDir, 'demo.backfilled');
    const cursorFile = join(this.config.dataDir, 'demo.cursor');
    const { seed, ratePerMinute, backfillDays } = this.config.demo;
    this.connector = new DemoConnector({
      generator: new DemoGenerator({ seed, ratePerMinute }),
      clock: this.clock,
      backfillDays,
      tickMs: 1000,
      hasBackfilled: () => access(marker).then(() => true, () => false),
      markBackfilled: () => writeFile(marker, this.clock.now().toISOString()),
      // Where the stream stopped, so a restart fills the gap instead of leaving it empty.
      cursor: {
        load: () => readFile(cursorFile, 'utf8').then((at) => new Date(at.trim()), () => undefined),
        save: (at: Date) => writeFile(cursorFile, at.toISOString()),
      },
    });
    // Not awaited: the backfill runs in the background while the API already answers.
    this.connector.start(this.ingest).catch((error: Error) => this.logger.error(`demo stream stopped: ${error.message}`));
    this.logger.log(`demo stream on (${ratePerMinute} posts/min, ${backfillDays} days of backfill); DEMO=off turns it off`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connector?.stop();
  }
}
