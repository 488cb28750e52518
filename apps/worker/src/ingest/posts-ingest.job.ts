import { Inject, Injectable } from '@nestjs/common';
import type { Analyzer } from '@escucha/analysis';
import { CLOCK, toPost, type Clock } from '@escucha/core';
import { ANALYZER } from '@escucha/ingest';
import type { Job } from '@escucha/queue';
import { OnJob } from '../jobs/on-job.decorator';
import { PostWriter } from './post.writer';

/** Enrich, then store through the shared writer, which also tells the live windows. */
@Injectable()
export class PostsIngestJob {
  constructor(
    @Inject(ANALYZER) private readonly analyzer: Analyzer,
    private readonly writer: PostWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @OnJob('posts.ingest')
  async handle(job: Job<'posts.ingest'>): Promise<void> {
    const { posts } = job.data;
    const enrichments = this.analyzer.analyzeBatch(posts);
    const ingestedAt = this.clock.now();
    await this.writer.write(posts.map((input, i) => toPost(input, enrichments[i], ingestedAt)));
  }
}
