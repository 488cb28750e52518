import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { CLOCK, type Clock } from '@escucha/core';
import { DEMO_CHECKPOINTS, DemoConnector, DemoGenerator, demoSeeds } from '@escucha/connectors';
import { DemoSwitch, IngestService } from '@escucha/ingest';
import { JOB_QUEUE, LEADERSHIP, Lease, type JobQueue, type Leadership } from '@escucha/queue';
import { CHECKPOINT_STORE, type CheckpointStore } from '@escucha/store';
import { DemoCrmSeeder } from './demo-crm.seeder';

const { backfilled: BACKFILLED, cursor: CURSOR, firstOutage: FIRST_OUTAGE, seeds: SEEDS } = DEMO_CHECKPOINTS;

/** Whoever holds it runs the demo stream; the removal of its data holds it too, so no stream writes meanwhile. */
export const DEMO_LEASE = 'demo';
/** The holder renews well within the lease, so one missed renewal does not hand the stream over. */
export const DEMO_LEASE_MS = 15_000;
const RENEW_MS = 5_000;
/** How often the end of the backfill looks whether the batch queue has stored it all. */
const STORED_POLL_MS = 500;

/**
 * Runs the demo stream when no real source is configured, in exactly one process of the
 * cluster (the lease holder). Checkpoints in the store record the one-time backfill and where
 * the stream stopped, so a restart, or the next lease holder on another node, fills the gap.
 */
@Injectable()
export class DemoRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Demo');
  private connector?: DemoConnector;
  /** The CRM seeding and start of the current connector, awaited before it is stopped. */
  private starting: Promise<void> = Promise.resolve();
  /** The wait for the backfill to be stored, awaited before the stream is stopped (it gives up then). */
  private storing: Promise<void> = Promise.resolve();
  private stopping = false;
  private readonly lease: Lease;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEADERSHIP) leadership: Leadership,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    private readonly ingest: IngestService,
    private readonly crm: DemoCrmSeeder,
    private readonly demo: DemoSwitch,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {
    this.lease = new Lease(leadership, DEMO_LEASE, { ttlMs: DEMO_LEASE_MS, warn: (message) => this.logger.warn(message) });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (await this.demo.on()) await this.campaign();
  }

  /** Also where the stream stops once a real source is configured (and starts again if the last one is removed). */
  @Interval('demo-lease', RENEW_MS)
  async renew(): Promise<void> {
    try {
      if (await this.demo.on()) await this.campaign();
      else if (this.connector && !this.stopping) await this.switchOff();
    } catch (error) {
      this.logger.warn(`demo lease not renewed: ${(error as Error).message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
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
    const { seed, ratePerMinute, backfillDays, firstOutageMinutes } = this.config.demo;
    const generator = new DemoGenerator({ seed, ratePerMinute });
    const hasBackfilled = async () => (await this.checkpoints.get(BACKFILLED)) !== undefined || (await this.legacyFile(BACKFILLED)) !== undefined;
    const connector: DemoConnector = new DemoConnector({
      generator,
      clock: this.clock,
      backfillDays,
      tickMs: 1000,
      hasBackfilled,
      // The live stream goes on meanwhile: the wait is a batch queue's worth of work.
      markBackfilled: async () => {
        this.storing = this.markWhenStored(connector).catch((error: Error) => this.logger.warn(`demo backfill not marked done: ${error.message}`));
      },
      cursor: {
        load: async () => {
          const saved = (await this.checkpoints.get(CURSOR))?.value ?? (await this.legacyFile(CURSOR))?.trim();
          const at = typeof saved === 'string' ? new Date(saved) : undefined;
          return at && !Number.isNaN(at.getTime()) ? at : undefined;
        },
        save: (at: Date) => this.checkpoints.put(CURSOR, at.toISOString(), this.clock.now()),
      },
    });
    this.connector = connector;
    // Not awaited: the backfill runs in the background while the API already answers. The CRM
    // goes first so that the backfill's authors are linked as their posts arrive; without it
    // the demo still streams (the next start tries the CRM again).
    this.starting = this.recordSeed(seed)
      .then(hasBackfilled)
      .then(async (backfilled) => {
        await this.crm.seedOnce(generator, seed, backfilled).catch((error: Error) => this.logger.warn(`demo CRM not written: ${error.message}`));
        await this.placeFirstOutage(generator, backfilled, firstOutageMinutes).catch((error: Error) => this.logger.warn(`demo outage not placed: ${error.message}`));
      })
      .then(async () => {
        if (this.connector !== connector) return;
        await connector.start(this.ingest);
        this.logger.log(`demo stream on (${ratePerMinute} posts/min, ${backfillDays} days of backfill); DEMO=off turns it off`);
      })
      .catch((error: Error) => this.logger.error(`demo stream stopped: ${error.message}`));
  }

  /**
   * Alert detection replays the stored history once this checkpoint is there. Marked while hours
   * of the backfill still waited in the batch queue, it learned those hours as silent, and the
   * first live minute opened alerts against an expected 0. Delayed jobs are not waited for: a
   * queue schedule (retention) always has one. A stop first leaves it unmarked: the next start
   * resumes the backfill at its cursor, its end, and waits again.
   */
  private async markWhenStored(connector: DemoConnector): Promise<void> {
    for (;;) {
      if (this.connector !== connector) return;
      const { waiting, active } = await this.queue.counts('batch');
      if (waiting + active === 0) break;
      await sleep(STORED_POLL_MS);
    }
    await this.checkpoints.put(BACKFILLED, true, this.clock.now());
    this.logger.log('demo: backfill stored; alert detection learns from it');
  }

  /**
   * The next regular demo outage may be hours away: a first start places one `minutes` ahead, so
   * a new user sees the outage alert soon. Kept as a checkpoint, so a restart or the next lease
   * holder generates the same posts. An install that ran the demo before this existed gets none.
   */
  private async placeFirstOutage(generator: DemoGenerator, backfilled: boolean, minutes: number): Promise<void> {
    const saved = (await this.checkpoints.get(FIRST_OUTAGE))?.value;
    let at: Date | undefined = typeof saved === 'string' ? new Date(saved) : undefined;
    if (!at && !backfilled && minutes > 0) {
      at = new Date(this.clock.now().getTime() + minutes * 60_000);
      await this.checkpoints.put(FIRST_OUTAGE, at.toISOString(), this.clock.now());
    }
    if (!at || Number.isNaN(at.getTime())) return;
    const outage = generator.addOutage(at);
    if (outage.end.getTime() > this.clock.now().getTime()) this.logger.log(`demo: an outage in ${outage.regionName} from ${outage.start.toISOString()} to ${outage.end.toISOString()}`);
  }

  /** Before anything is written under it, so a removal of the demo data finds every seed's posts. */
  private async recordSeed(seed: number): Promise<void> {
    const seeds = demoSeeds((await this.checkpoints.get(SEEDS))?.value);
    if (!seeds.includes(seed)) await this.checkpoints.put(SEEDS, [...seeds, seed], this.clock.now());
  }

  /** Versions before the checkpoint store kept these as files of the same name under DATA_DIR; read when the store has none. */
  private async legacyFile(name: string): Promise<string | undefined> {
    const file = join(this.config.dataDir, name);
    return access(file).then(() => readFile(file, 'utf8'), () => undefined);
  }

  /** Stops this process's stream now if it runs (the removal of the demo data cannot wait for the next renewal). */
  async standDown(): Promise<void> {
    await this.switchOff();
  }

  private async switchOff(): Promise<void> {
    // Cleared at once by stopStream: a renewal and a stand-down at the same time stop it once.
    if (!this.connector) return;
    await this.stopStream(false);
    await this.lease.release();
    this.logger.log('demo stream off: a source is configured (its data stays until an admin removes it)');
  }

  private async stopStream(handedOver = true): Promise<void> {
    const connector = this.connector;
    this.connector = undefined;
    await this.starting;
    await connector?.stop();
    await this.storing;
    if (handedOver && !this.stopping) this.logger.log('demo stream handed over to another process');
  }
}
