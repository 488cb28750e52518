import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { authorKey, CLOCK, regionsOfPost, toPost, type Clock } from '@escucha/core';
import type { Analyzer } from '@escucha/analysis';
import { IdentityService } from '@escucha/identity';
import { ANALYZER } from '@escucha/ingest';
import type { Job } from '@escucha/queue';
import { OnJob } from '../jobs/on-job.decorator';
import { PostWriter } from './post.writer';

/** Enrich (regions included), link authors to customers, then store through the shared writer, which also tells the live windows. */
@Injectable()
export class PostsIngestJob {
  private readonly logger = new Logger('PostsIngest');

  constructor(
    @Inject(ANALYZER) private readonly analyzer: Analyzer,
    private readonly writer: PostWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    // Built by hand (a test of the pipeline alone), posts are stored unlinked.
    @Optional() private readonly identity?: IdentityService,
  ) {}

  @OnJob('posts.ingest')
  async handle(job: Job<'posts.ingest'>): Promise<void> {
    const { posts } = job.data;
    const enrichments = this.analyzer.analyzeBatch(posts);
    const ingestedAt = this.clock.now();
    const linked = await (this.identity?.linkPosts(posts) ?? Promise.resolve(new Map<string, string>())).catch((error: unknown) => {
      // Posts matter more than links: the relink after the next import catches up on these authors.
      this.logger.warn(`linking authors failed, posts stored without it: ${(error as Error).message}`);
      return new Map<string, string>();
    });
    await this.writer.write(
      posts.map((input, i) => {
        const customerId = input.customerId ?? linked.get(authorKey(input.source, input.author.id));
        const post = toPost(customerId === undefined ? input : { ...input, customerId }, enrichments[i], ingestedAt);
        // Once here rather than at every read: alert detection and the region filter count on it.
        post.regions = regionsOfPost(input.text, input.author.location);
        return post;
      }),
    );
  }
}
