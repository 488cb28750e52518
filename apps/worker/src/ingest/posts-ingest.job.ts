import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { authorKey, CLOCK, toPost, type Clock } from '@escucha/core';
import { IdentityService } from '@escucha/identity';
import { POST_ENRICHER, type PostEnricher } from '@escucha/ingest';
import type { Job } from '@escucha/queue';
import { OnJob } from '../jobs/on-job.decorator';
import { PostWriter } from './post.writer';

/** Enrich (regions included), link authors to customers, then store through the shared writer, which also tells the live windows. */
@Injectable()
export class PostsIngestJob {
  private readonly logger = new Logger('PostsIngest');

  constructor(
    @Inject(POST_ENRICHER) private readonly enricher: PostEnricher,
    private readonly writer: PostWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    // Built by hand (a test of the pipeline alone), posts are stored unlinked.
    @Optional() private readonly identity?: IdentityService,
  ) {}

  @OnJob('posts.ingest')
  async handle(job: Job<'posts.ingest'>): Promise<void> {
    const { posts } = job.data;
    // Analysis (on a thread, by default) and linking (the customer index) run side by side.
    const analysing = this.enricher.enrich(posts.map((post) => ({ text: post.text, lang: post.lang, location: post.author.location })));
    const linking: Promise<ReadonlyMap<string, string>> = (this.identity?.linkPosts(posts) ?? Promise.resolve(new Map())).catch((error: unknown) => {
      // Posts matter more than links: the relink after the next import catches up on these authors.
      this.logger.warn(`linking authors failed, posts stored without it: ${(error as Error).message}`);
      return new Map();
    });
    const [analysed, linked] = await Promise.all([analysing, linking]);
    const ingestedAt = this.clock.now();
    await this.writer.write(
      posts.map((input, i) => {
        const customerId = input.customerId ?? linked.get(authorKey(input.source, input.author.id));
        const post = toPost(customerId === undefined ? input : { ...input, customerId }, analysed[i].enrichment, ingestedAt);
        // Once here rather than at every read: alert detection and the region filter count on it.
        post.regions = analysed[i].regions;
        return post;
      }),
    );
  }
}
