import { Inject, Injectable, Optional } from '@nestjs/common';
import { GroupCommit, isUnavailable, type Post } from '@escucha/core';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { Metrics } from '@escucha/infra';
import { LIVE_BUS, toLiveBatch, type LiveBus } from '@escucha/live';
import { POST_STORE, PartialWriteError, type PostStore } from '@escucha/store';

/**
 * Where ingest jobs write: the jobs a worker runs at once hand in their enriched posts and share
 * one store write (one DuckDB transaction, one Elasticsearch bulk) up to `INGEST_WRITE_POSTS`.
 * Each job still completes only once its own posts are durable, and a write that fails is tried
 * again job by job, so one job's bad post cannot fail the others with it.
 *
 * The live windows hear only of posts new to the store: a job retried after its write (a worker
 * killed before it could mark the job done, a crash before the journal said so) or a re-sent post
 * is stored again but counted once.
 */
@Injectable()
export class PostWriter {
  private readonly commit: GroupCommit<readonly Post[]>;
  private readonly driver: string;

  constructor(
    @Inject(POST_STORE) private readonly store: PostStore,
    @Inject(LIVE_BUS) private readonly bus: LiveBus,
    @Inject(APP_CONFIG) config: AppConfig,
    // Built by hand (a test of the writer alone), it records into a registry nobody reads.
    @Optional() private readonly metrics: Metrics = new Metrics(),
  ) {
    this.driver = config.store.driver;
    this.commit = new GroupCommit((groups) => this.flush(groups), {
      maxWeight: config.ingest.writePosts,
      weigh: (posts) => posts.length,
      // A store write has a high fixed cost (a DuckDB transaction is ~10 ms of CPU however small):
      // under load, fewer and fuller writes leave the cores to the requests.
      minIntervalMs: config.ingest.writeIntervalMs,
      // A store that is down fails every job alike; they wait it out in the queue instead.
      isolate: (error) => !isUnavailable(error),
    });
  }

  /** Resolves once `posts` are stored and the live windows have been told. */
  write(posts: readonly Post[]): Promise<void> {
    return this.commit.submit(posts);
  }

  private async flush(groups: readonly (readonly Post[])[]): Promise<void> {
    const posts = groups.length === 1 ? groups[0] : groups.flat();
    let created: ReadonlySet<string>;
    const started = performance.now();
    try {
      // Nothing here reads the posts back, and the live windows are told below: searchable soon is enough.
      created = new Set((await this.store.upsert(posts, { visibility: 'soon' })).created);
      this.metrics.recordStoreWrite(this.driver, 'ok', posts.length, (performance.now() - started) / 1000);
    } catch (error) {
      this.metrics.recordStoreWrite(this.driver, 'error', posts.length, (performance.now() - started) / 1000);
      // What did get stored is live now; its retry will find it stored and not count it again.
      if (error instanceof PartialWriteError && error.created.length > 0) await this.publish(posts, new Set(error.created));
      throw error;
    }
    await this.publish(posts, created);
  }

  /** A post is live only once it is durable. */
  private async publish(posts: readonly Post[], created: ReadonlySet<string>): Promise<void> {
    // Each created id once, in its last version, as the store keeps it.
    const fresh = new Map<string, Post>();
    for (const post of posts) if (created.has(post.id)) fresh.set(post.id, post);
    if (fresh.size > 0) await this.bus.publish(toLiveBatch([...fresh.values()]));
  }
}
