import type { PostInput, QueueName } from '@escucha/core';

/** Where a connector hands posts: the ingest service, which queues them durably. */
export interface PostSink {
  /** Resolves once the posts are durably queued. `batch` for backfills, `ingest` for live traffic. */
  accept(posts: readonly PostInput[], queue: QueueName): Promise<void>;
}

/** A source of posts: a stream, a poller, a replay. */
export interface Connector {
  readonly name: string;
  start(sink: PostSink): Promise<void>;
  stop(): Promise<void>;
}
