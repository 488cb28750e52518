import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { CLOCK, type Clock, type FacebookBackfillStatus } from '@escucha/core';
import { backfillFacebookPages } from '@escucha/connectors';
import { Metrics } from '@escucha/infra';
import { FacebookBackfillProgress, IngestService, SourceRegistry } from '@escucha/ingest';
import type { Job } from '@escucha/queue';
import { OnJob } from '../jobs/on-job.decorator';
import { runTracked } from '../jobs/tracked.run';

/**
 * The pages a Facebook source's user manages, read from Graph on the batch queue. A retry reads
 * them again from the start: posts are keyed by id, so nothing is stored twice.
 */
@Injectable()
export class FacebookBackfillJob {
  private readonly logger = new Logger('FacebookBackfill');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly ingest: IngestService,
    private readonly progress: FacebookBackfillProgress,
    private readonly sources: SourceRegistry,
    private readonly metrics: Metrics,
  ) {}

  @OnJob('facebook.backfill')
  async handle(job: Job<'facebook.backfill'>): Promise<void> {
    const { backfillId, sourceId, from, to } = job.data;
    const saved = await this.progress.read(backfillId);
    if (!saved) return;
    const status: FacebookBackfillStatus = { ...saved.value, state: 'running', pages: 0, pagesDone: 0, posts: 0, comments: 0, requests: 0, rateLimitWaits: 0 };
    delete status.error;
    await runTracked({
      job,
      progress: this.progress,
      status,
      step: saved.version,
      clock: this.clock,
      work: async (save) => {
        const resolved = await this.sources.resolve(sourceId);
        if (!resolved || resolved.source.kind !== 'facebook') throw new Error(`no Facebook source "${sourceId}"`);
        const userToken = resolved.credentials.userToken;
        if (!userToken) throw new Error(`source "${sourceId}" has no userToken in its credentials: add a user access token to read its pages`);
        const pageIds = resolved.credentials.pageIds?.split(',').map((id) => id.trim()).filter(Boolean);
        await backfillFacebookPages({
          graphUrl: this.config.facebook.graphUrl,
          userToken,
          pageIds: pageIds?.length ? pageIds : undefined,
          since: from ? new Date(from) : undefined,
          until: to ? new Date(to) : undefined,
          rateLimitWaitMs: this.config.facebook.rateLimitWaitMs,
          now: () => this.clock.now(),
          deliver: async (posts) => {
            await this.ingest.accept(posts, 'batch');
            this.sources.record(sourceId, posts.length);
            this.metrics.recordConnector(sourceId, { events: posts.length });
          },
          progress: async (counts) => {
            Object.assign(status, counts);
            await save();
          },
        });
      },
      gaveUp: (message) => this.sources.record(sourceId, 0, `backfill ${backfillId} failed: ${message}`),
    });
    this.logger.log(`Facebook backfill ${backfillId} of ${sourceId}: ${status.posts} posts and ${status.comments} comments from ${status.pages} page(s)`);
  }
}
