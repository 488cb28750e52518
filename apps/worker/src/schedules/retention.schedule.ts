import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { CLOCK, type Clock } from '@escucha/core';
import { POST_STORE, type PostStore } from '@escucha/store';

const DAY_MS = 86_400_000;

/** Drops posts older than RETENTION_DAYS once an hour; 0 keeps everything. */
@Injectable()
export class RetentionSchedule {
  private readonly logger = new Logger('Retention');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(POST_STORE) private readonly store: PostStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_HOUR)
  async run(): Promise<number> {
    if (this.config.retentionDays === 0) return 0;
    const cutoff = new Date(this.clock.now().getTime() - this.config.retentionDays * DAY_MS);
    const removed = await this.store.deleteBefore(cutoff);
    if (removed > 0) this.logger.log(`removed ${removed} posts created before ${cutoff.toISOString()}`);
    return removed;
  }
}
