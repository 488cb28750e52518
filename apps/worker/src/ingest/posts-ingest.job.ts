import { Inject, Injectable } from '@nestjs/common';
import type { Analyzer } from '@escucha/analysis';
import { CLOCK, toPost, type Clock } from '@escucha/core';
import { LIVE_BUS, toLiveBatch, type LiveBus } from '@escucha/live';
import type { Job } from '@escucha/queue';
import { POST_STORE, type PostStore } from '@escucha/store';
import { OnJob } from '../jobs/on-job.decorator';
import { ANALYZER } from '@escucha/ingest';

/** Enrich, store, then tell the live windows: a post is live only once it is durable. */
@Injectable()
export class PostsIngestJob {
  constructor(
    @Inject(ANALYZER) private readonly analyzer: Analyzer,
    @Inject(POST_STORE) private readonly store: PostStore,
    @Inject(LIVE_BUS) private readonly bus: LiveBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @OnJob('posts.ingest')
  async handle(job: Job<'posts.ingest'>): Promise<void> {
    const { posts } = job.data;
    const enrichments = this.analyzer.analyzeBatch(posts);
    const ingestedAt = this.clock.now();
    const stored = posts.map((input, i) => toPost(input, enrichments[i], ingestedAt));
    await this.store.upsert(stored);
    await this.bus.publish(toLiveBatch(stored));
  }
}
