import type { JobName, JobPayloads, QueueName } from '@escucha/core';

export interface JobOptions {
  /**
   * Dedupe key: adding a job whose id is waiting, delayed, active or recently completed is a no-op.
   * A failed id is not a duplicate: adding it again runs the job anew and drops the failure.
   */
  jobId?: string;
  /** Total tries including the first; default 5. Retries back off exponentially. */
  attempts?: number;
  /** First retry delay in ms (doubles each retry); default 1000. */
  backoffMs?: number;
}

export interface Job<N extends JobName = JobName> {
  id: string;
  queue: QueueName;
  name: N;
  data: JobPayloads[N];
  /** 1 on the first try. */
  attempt: number;
  maxAttempts: number;
}

export type AnyJob = { [N in JobName]: Job<N> }[JobName];

export interface NewJob<N extends JobName = JobName> {
  name: N;
  data: JobPayloads[N];
  opts?: JobOptions;
}

export interface AddResult {
  id: string;
  /** True when a job with that id already existed and nothing was added. */
  duplicate: boolean;
}

export interface FailedJob {
  id: string;
  queue: QueueName;
  name: JobName;
  attempts: number;
  error: string;
  failedAt: Date;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** What a processor does with a job; throwing means "retry, then fail". */
export type JobProcessor = (job: AnyJob) => Promise<void>;

/**
 * A durable job queue. A resolved `add`/`addBulk` means the jobs survive a crash of
 * this process. Delivery is at least once: processors must be idempotent.
 * In every driver `ingest` is served before `batch`.
 */
export interface JobQueue {
  add<N extends JobName>(queue: QueueName, job: NewJob<N>): Promise<AddResult>;
  addBulk(queue: QueueName, jobs: readonly NewJob[]): Promise<AddResult[]>;
  /** Starts consuming `queue`. One processor per queue per process. */
  process(queue: QueueName, processor: JobProcessor, opts?: { concurrency?: number }): void;
  counts(queue: QueueName): Promise<QueueCounts>;
  /**
   * When the oldest job of `queue` not yet finished (waiting, running, or waiting out a retry) was
   * first added; undefined when every job has finished. How far behind the workers are.
   */
  oldestUnfinished(queue: QueueName): Promise<Date | undefined>;
  failed(queue: QueueName, limit: number): Promise<FailedJob[]>;
  /**
   * Adds `job` to `queue` every `everyMs`, once per cluster however many processes declare
   * it: each process declares its schedules at start, and declaring an id again replaces it.
   */
  schedule<N extends JobName>(queue: QueueName, schedulerId: string, everyMs: number, job: NewJob<N>): Promise<void>;
  /**
   * Resolves when no job of `queue` is waiting, delayed or active (tests, shutdown); rejects if the
   * queue is closed first with jobs left.
   */
  drained(queue: QueueName): Promise<void>;
  /** Stops taking jobs, lets active ones finish, releases resources. Waiting jobs stay queued. */
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JobQueue');
