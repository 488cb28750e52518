import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { AppError, CLOCK, GroupCommit, QUEUE_NAMES, type Clock, type PostInput, type QueueName } from '@escucha/core';
import type { PostSink } from '@escucha/connectors';
import { Metrics } from '@escucha/infra';
import { JOB_QUEUE, type JobQueue } from '@escucha/queue';
import { IngestBacklog } from './ingest.backlog';
import { validatePostInput } from './post-input.schema';

export interface RejectedRecord {
  index: number;
  error: string;
}

export interface IngestResult {
  accepted: number;
  rejected: RejectedRecord[];
}

/** Most posts in one job: workers write thousands at a time, and a job stays a modest payload. */
const JOB_SIZE = 5000;
/**
 * Queue writes in flight at once per queue. Two, so the next group is being written while the
 * previous one waits for its fsync or Redis round trip; more would only split the groups.
 */
const WRITES_IN_FLIGHT = 2;

/**
 * The one way into the pipeline, for the API and for connectors alike: validate each
 * record alone, then queue the good ones durably. Resolving means they are on disk.
 *
 * Requests that arrive close together share one queue write (group commit): a connector or a
 * webhook may hand over one post at a time, and a crowd of them costs one journal fsync (or one
 * Redis call) per group, not one each, while a lone post is written at once.
 *
 * Senders of requests (`ingest`: the posts API and webhooks) are refused while the workers are
 * more than INGEST_MAX_LAG_SECONDS behind; they can retry. Connectors (`accept`) are not: a stream
 * cannot be asked to wait, what it sends is bounded by its source, and backfills and imports go to
 * the batch queue, which yields to ingest anyway.
 */
@Injectable()
export class IngestService implements PostSink {
  private readonly commits: Record<QueueName, GroupCommit<readonly PostInput[]>>;
  private readonly backlog: IngestBacklog;

  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const commits = {} as Record<QueueName, GroupCommit<readonly PostInput[]>>;
    for (const name of QUEUE_NAMES) {
      commits[name] = new GroupCommit((groups) => this.write(name, groups), {
        maxWeight: JOB_SIZE,
        weigh: (posts) => posts.length,
        concurrency: WRITES_IN_FLIGHT,
        // Each write is a job, and a job has a fixed cost wherever it runs: with BullMQ, Lua
        // scripts in Redis to add, start and finish it, and a worker's fetch; embedded, its
        // journal records and its trip to the analysis thread. Left to group by themselves,
        // one-post requests made jobs of about ten posts in the scale-out bench and of about two
        // on the embedded default at a steady 1,500 requests/s; spacing the writes (5 ms by
        // default) makes fewer, fuller jobs (see INGEST_QUEUE_INTERVAL_MS in the README).
        minIntervalMs: config.ingest.queueIntervalMs,
        // A failed queue write is the queue being down or closed, the same for every request in it.
        isolate: () => false,
      });
    }
    this.commits = commits;
    const logger = new Logger('Ingest');
    this.backlog = new IngestBacklog(queue, clock, config.ingest.maxLagSeconds, (message) => logger.warn(message));
  }

  async ingest(records: readonly unknown[], queue: QueueName = 'ingest'): Promise<IngestResult> {
    await this.backlog.refuseIfBehind();
    const accepted: PostInput[] = [];
    const rejected: RejectedRecord[] = [];
    records.forEach((record, index) => {
      const outcome = validatePostInput(record);
      if (outcome.ok) accepted.push(outcome.post);
      else rejected.push({ index, error: outcome.error });
    });
    // Bad records are refused whatever becomes of the good ones; those count once they are queued.
    this.metrics.recordIngest(queue, 0, rejected.length);
    if (accepted.length === 0) {
      const sample = rejected.slice(0, 5).map((r) => `[${r.index}] ${r.error}`).join('; ');
      const more = rejected.length > 5 ? ` (and ${rejected.length - 5} more)` : '';
      throw new AppError('NO_VALID_POSTS', `no post in the batch is valid: ${sample}${more}`, 400);
    }
    await this.enqueue(accepted, queue);
    this.metrics.recordIngest(queue, accepted.length, 0);
    return { accepted: accepted.length, rejected };
  }

  /** Connectors hand in posts they built themselves; they are trusted to be valid. */
  async accept(posts: readonly PostInput[], queue: QueueName): Promise<void> {
    await this.enqueue(posts, queue);
    this.metrics.recordIngest(queue, posts.length, 0);
  }

  private async enqueue(posts: readonly PostInput[], queue: QueueName): Promise<void> {
    if (posts.length === 0) return;
    await this.commits[queue].submit(posts);
  }

  /** One queue write for the requests of a group; resolving means every job of it is durable. */
  private async write(queue: QueueName, groups: readonly (readonly PostInput[])[]): Promise<void> {
    const posts = groups.length === 1 ? groups[0] : groups.flat();
    const receivedAt = this.clock.now().toISOString();
    const jobs = [];
    for (let start = 0; start < posts.length; start += JOB_SIZE) {
      const chunk = posts.slice(start, start + JOB_SIZE);
      jobs.push({
        name: 'posts.ingest' as const,
        data: { posts: chunk, receivedAt },
        // Same content, same job id: a retry of an identical batch that lands in a job of its own
        // (the usual case when it comes alone) is deduped by the queue; otherwise the store's
        // upsert by post id still keeps it from being stored twice.
        opts: { jobId: `ingest-${contentHash(chunk)}` },
      });
    }
    await this.queue.addBulk(queue, jobs);
  }
}

function contentHash(posts: readonly PostInput[]): string {
  return createHash('sha1').update(JSON.stringify(posts)).digest('hex');
}
