import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@escucha/config';
import { ManualClock } from '@escucha/core';
import { DEMO_CHECKPOINTS } from '@escucha/connectors';
import { IdentityService } from '@escucha/identity';
import { Metrics } from '@escucha/infra';
import { DemoSwitch, IngestService } from '@escucha/ingest';
import { InlineJobQueue, SoleLeadership } from '@escucha/queue';
import { openDuckDbStores, type DuckDbStores } from '@escucha/store';
import { DemoCrmSeeder } from '../../apps/worker/src/connectors/demo-crm.seeder';
import { DemoRunner } from '../../apps/worker/src/connectors/demo.runner';
import { waitFor } from '../support/server';

const NOW = Date.UTC(2026, 2, 4, 15);

let dir: string;
let stores: DuckDbStores;
let queue: InlineJobQueue;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'escucha-demo-runner-'));
  stores = await openDuckDbStores(':memory:');
  queue = await InlineJobQueue.open(join(dir, 'queue'));
});
afterEach(async () => {
  await queue.close();
  await stores.close();
  await rm(dir, { recursive: true, force: true });
});

/** A runner on the real queue and stores whose batch jobs (the backfill's chunks) wait until `release()`: handed over, not stored. */
function heldRunner(): { runner: DemoRunner; release: () => void; batchJobs: () => number } {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let batchJobs = 0;
  queue.process('batch', async (job) => {
    // Stands for the next run of a queue schedule, which BullMQ keeps as a delayed job for good.
    if (job.name === 'store.retention') throw new Error('not yet');
    batchJobs++;
    await held;
  });
  queue.process('ingest', async () => undefined);
  const clock = new ManualClock(new Date(NOW));
  const config = loadConfig({ DATA_DIR: dir, DEMO: 'on', DEMO_BACKFILL_DAYS: '1', DEMO_FIRST_OUTAGE_MINUTES: '0' }, false);
  const identity = new IdentityService(stores.customers, stores.identityLinks, stores.settings, stores.posts, queue, clock, config);
  const crm = new DemoCrmSeeder(identity, stores.offers, stores.checkpoints, clock);
  const ingest = new IngestService(queue, clock, new Metrics(), config);
  const runner = new DemoRunner(config, clock, new SoleLeadership(), stores.checkpoints, ingest, crm, new DemoSwitch(config, stores.sources, clock), queue);
  return { runner, release, batchJobs: () => batchJobs };
}

/** The cursor is saved after each chunk handed over; at the clock's time the whole day is. */
const handedOver = () =>
  waitFor('the whole backfill handed over', async () => ((await stores.checkpoints.get(DEMO_CHECKPOINTS.cursor))?.value === new Date(NOW).toISOString() ? true : undefined), 30_000);

describe('the demo runner', () => {
  it('marks its backfill done only once the batch queue has stored it, which is when alert detection may learn from it', async () => {
    const { runner, release, batchJobs } = heldRunner();
    await queue.add('batch', { name: 'store.retention', data: {}, opts: { attempts: 2, backoffMs: 600_000 } });
    try {
      await runner.onApplicationBootstrap();
      await handedOver();
      await sleep(1_500);
      expect(batchJobs()).toBeGreaterThan(0);
      expect(await stores.checkpoints.get(DEMO_CHECKPOINTS.backfilled)).toBeUndefined();

      release();
      await waitFor('the backfill marked done', async () => (await stores.checkpoints.get(DEMO_CHECKPOINTS.backfilled)) ?? undefined, 30_000);
      expect(await queue.counts('batch')).toMatchObject({ waiting: 0, active: 0, delayed: 1 });
    } finally {
      release();
      await runner.onModuleDestroy();
    }
  }, 60_000);

  it('leaves the backfill unmarked when it stops before the queue has stored it, so the next start waits again', async () => {
    const { runner, release } = heldRunner();
    try {
      await runner.onApplicationBootstrap();
      await handedOver();
      // The stop returns while the queue still holds the backfill: the wait gives up and marks nothing.
      await runner.onModuleDestroy();
      expect(await stores.checkpoints.get(DEMO_CHECKPOINTS.backfilled)).toBeUndefined();
    } finally {
      release();
    }
  }, 60_000);
});
