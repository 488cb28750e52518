import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppError, CLOCK, NotFoundError, type Clock, type DemoRemovalStatus } from '@escucha/core';
import { DEMO_CHECKPOINTS, DEMO_WRITE_CHECKPOINTS } from '@escucha/connectors';
import { DemoSwitch } from '@escucha/ingest';
import { JOB_QUEUE, type JobQueue } from '@escucha/queue';
import { CHECKPOINT_STORE, type CheckpointStore } from '@escucha/store';

/** Retries 2, 4, 8, 16 and 32 s apart: well past the 15 s a dead stream holder's lease takes to lapse. */
const ATTEMPTS = 6;

export interface DemoDataStatus {
  /** The demo stream feeds the store now. */
  running: boolean;
  /** Something the demo wrote is still in the store. */
  stored: boolean;
  /** The latest removal, when there was one. */
  removal?: DemoRemovalStatus;
}

/**
 * The demo's data once real sources take over: whether it is still there, and its removal as a
 * batch job (a week of posts on Elasticsearch takes a while), followed through `status`.
 */
@Injectable()
export class DemoDataService {
  constructor(
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly demo: DemoSwitch,
  ) {}

  async status(): Promise<DemoDataStatus> {
    const [running, stored, removal] = await Promise.all([this.demo.on(), this.stored(), this.removal()]);
    return removal ? { running, stored, removal } : { running, stored };
  }

  /** Queues the removal, or answers the one already under way. */
  async remove(): Promise<DemoRemovalStatus> {
    if (await this.demo.on()) {
      throw new AppError('DEMO_RUNNING', 'the demo stream is on: it stops once a source is configured (or with DEMO=off); remove its data then', 409);
    }
    const current = await this.removal();
    if (current && (current.state === 'queued' || current.state === 'running')) return current;
    if (!(await this.stored())) throw new NotFoundError('no demo data in the store');
    const status: DemoRemovalStatus = { id: randomUUID(), state: 'queued', removed: { posts: 0, customers: 0, links: 0, offers: 0, alerts: 0 }, createdAt: this.clock.now().toISOString() };
    await this.checkpoints.put(DEMO_CHECKPOINTS.removal, status, this.clock.now());
    await this.queue.add('batch', { name: 'demo.remove', data: { removalId: status.id }, opts: { jobId: `demo-remove-${status.id}`, attempts: ATTEMPTS, backoffMs: 2_000 } });
    return status;
  }

  private async stored(): Promise<boolean> {
    return (await Promise.all(DEMO_WRITE_CHECKPOINTS.map((key) => this.checkpoints.get(key)))).some((checkpoint) => checkpoint !== undefined);
  }

  private async removal(): Promise<DemoRemovalStatus | undefined> {
    return (await this.checkpoints.get(DEMO_CHECKPOINTS.removal))?.value as DemoRemovalStatus | undefined;
  }
}
