import { Inject, Injectable } from '@nestjs/common';
import { GroupCommit, UnavailableError, type Post } from '@escucha/core';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { LIVE_BUS, toLiveBatch, type LiveBus } from '@escucha/live';
import { POST_STORE, type PostStore } from '@escucha/store';

/**
 * Where ingest jobs write: the jobs a worker runs at once hand in their enriched posts and share
 * one store write (one DuckDB transaction, one Elasticsearch bulk) up to `INGEST_WRITE_POSTS`.
 * Each job still completes only once its own posts are durable, and a write that fails is tried
 * again job by job, so one job's bad post cannot fail the others with it.
 */
@Injectable()
export class PostWriter {
  private readonly commit: GroupCommit<readonly Post[]>;

  constructor(
    @Inject(POST_STORE) private readonly store: PostStore,
    @Inject(LIVE_BUS) private readonly bus: LiveBus,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.commit = new GroupCommit((groups) => this.flush(groups), {
      maxWeight: config.ingest.writePosts,
      weigh: (posts) => posts.length,
      // A store that is down fails every job alike; they wait it out in the queue instead.
      isolate: (error) => !(error instanceof UnavailableError),
    });
  }

  /** Resolves once `posts` are stored and the live windows have been told. */
  write(posts: readonly Post[]): Promise<void> {
    return this.commit.submit(posts);
  }

  private async flush(groups: readonly (readonly Post[])[]): Promise<void> {
    const posts = groups.length === 1 ? groups[0] : groups.flat();
    await this.store.upsert(posts);
    // A post is live only once it is durable.
    await this.bus.publish(toLiveBatch(posts));
  }
}
