import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppError, CLOCK, type Clock, type PostInput, type QueueName } from '@escucha/core';
import type { PostSink } from '@escucha/connectors';
import { JOB_QUEUE, type JobQueue } from '@escucha/queue';
import { validatePostInput } from './post-input.schema';

export interface RejectedRecord {
  index: number;
  error: string;
}

export interface IngestResult {
  accepted: number;
  rejected: RejectedRecord[];
}

/** Posts per job: one request is one job, so each job is one bulk write (the store is fastest at thousands per write). */
const JOB_SIZE = 5000;

/**
 * The one way into the pipeline, for the API and for connectors alike: validate each
 * record alone, then queue the good ones durably. Resolving means they are on disk.
 */
@Injectable()
export class IngestService implements PostSink {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async ingest(records: readonly unknown[], queue: QueueName = 'ingest'): Promise<IngestResult> {
    const accepted: PostInput[] = [];
    const rejected: RejectedRecord[] = [];
    records.forEach((record, index) => {
      const outcome = validatePostInput(record);
      if (outcome.ok) accepted.push(outcome.post);
      else rejected.push({ index, error: outcome.error });
    });
    if (accepted.length === 0) {
      const sample = rejected.slice(0, 5).map((r) => `[${r.index}] ${r.error}`).join('; ');
      const more = rejected.length > 5 ? ` (and ${rejected.length - 5} more)` : '';
      throw new AppError('NO_VALID_POSTS', `no post in the batch is valid: ${sample}${more}`, 400);
    }
    await this.enqueue(accepted, queue);
    return { accepted: accepted.length, rejected };
  }

  /** Connectors hand in posts they built themselves; they are trusted to be valid. */
  async accept(posts: readonly PostInput[], queue: QueueName): Promise<void> {
    await this.enqueue(posts, queue);
  }

  private async enqueue(posts: readonly PostInput[], queue: QueueName): Promise<void> {
    if (posts.length === 0) return;
    const receivedAt = this.clock.now().toISOString();
    const jobs = [];
    for (let start = 0; start < posts.length; start += JOB_SIZE) {
      const chunk = posts.slice(start, start + JOB_SIZE);
      jobs.push({
        name: 'posts.ingest' as const,
        data: { posts: chunk, receivedAt },
        // Same content, same job id: a client's retry of an identical batch is deduped by the queue.
        opts: { jobId: `ingest-${contentHash(chunk)}` },
      });
    }
    await this.queue.addBulk(queue, jobs);
  }
}

function contentHash(posts: readonly PostInput[]): string {
  return createHash('sha1').update(JSON.stringify(posts)).digest('hex');
}
