import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { CLOCK, type Clock } from '@escucha/core';
import { JOB_QUEUE, type JobQueue } from '@escucha/queue';
import { POST_STORE, type PostStore } from '@escucha/store';
import { OnJob } from '../jobs/on-job.decorator';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Drops posts older than RETENTION_DAYS every hour. A queue schedule rather than a
 * process timer: with several workers it must run once per cluster, not once per process.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('Retention');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(POST_STORE) private readonly store: PostStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.retentionDays === 0) return;
    await this.queue.schedule('batch', 'store.retention', HOUR_MS, { name: 'store.retention', data: {} });
    this.logger.log(`keeping ${this.config.retentionDays} days of posts; checked every hour`);
  }

  @OnJob('store.retention')
  async run(): Promise<void> {
    if (this.config.retentionDays === 0) return;
    const cutoff = new Date(this.clock.now().getTime() - this.config.retentionDays * DAY_MS);
    const removed = await this.store.deleteBefore(cutoff);
    if (removed > 0) this.logger.log(`removed ${removed} posts created before ${cutoff.toISOString()}`);
  }
}
