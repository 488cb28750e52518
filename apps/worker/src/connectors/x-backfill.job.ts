import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { CLOCK, type Clock, type XBackfillStatus } from '@escucha/core';
import { backfillPeriod } from '@escucha/connectors';
import { IngestService, SourceRegistry, XBackfillProgress } from '@escucha/ingest';
import type { Job } from '@escucha/queue';
import { OnJob } from '../jobs/on-job.decorator';
import { runTracked } from '../jobs/tracked.run';
import { X_SOURCE_ID } from './x.runner';

/**
 * A past period from X's search, on the batch queue. A retry reads the period again from the
 * start: posts are keyed by id, so nothing is stored twice, and X's search is the cost.
 */
@Injectable()
export class XBackfillJob {
  private readonly logger = new Logger('XBackfill');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly ingest: IngestService,
    private readonly progress: XBackfillProgress,
    private readonly sources: SourceRegistry,
  ) {}

  @OnJob('x.backfill')
  async handle(job: Job<'x.backfill'>): Promise<void> {
    const { backfillId, from, to } = job.data;
    const saved = await this.progress.read(backfillId);
    if (!saved) return;
    const status: XBackfillStatus = { ...saved.value, state: 'running', queriesDone: 0, pages: 0, posts: 0, rateLimitWaits: 0, skipped: [] };
    delete status.error;
    await runTracked({
      job,
      progress: this.progress,
      status,
      step: saved.version,
      clock: this.clock,
      work: async (save) => {
        const x = this.config.x;
        if (!x) throw new Error('X is not configured here (X_BEARER_TOKEN)');
        await backfillPeriod({
          bearerToken: x.bearerToken,
          queries: x.queries,
          apiBaseUrl: x.apiBaseUrl,
          from: new Date(from),
          to: new Date(to),
          now: () => this.clock.now(),
          deliver: async (posts) => {
            await this.ingest.accept(posts, 'batch');
            this.sources.record(X_SOURCE_ID, posts.length);
          },
          progress: async (counts) => {
            Object.assign(status, { ...counts, skipped: [...counts.skipped] });
            await save();
          },
        });
      },
      gaveUp: (message) => this.sources.record(X_SOURCE_ID, 0, `backfill ${backfillId} failed: ${message}`),
    });
    this.logger.log(`X backfill ${backfillId} (${from} to ${to}, ${status.endpoint}): ${status.posts} posts in ${status.pages} pages`);
  }
}
