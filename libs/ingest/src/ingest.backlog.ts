import { AppError, type Clock } from '@escucha/core';
import { queueLagMs, type JobQueue } from '@escucha/queue';

/** Under load the lag is read again at most this often, in the background. */
const SAMPLE_EVERY_MS = 1_000;
/** A reading older than this (the first request after a quiet spell) is refreshed before it is trusted. */
const STALE_AFTER_MS = 2_000;
/** Bounds of the Retry-After a refused sender is given. */
const RETRY_AFTER_MIN_S = 5;
const RETRY_AFTER_MAX_S = 60;

/** Whether ingest refuses posts at this lag; a limit of 0 never refuses. */
export function ingestBehind(lagSeconds: number, maxLagSeconds: number): boolean {
  return maxLagSeconds > 0 && lagSeconds > maxLagSeconds;
}

/**
 * Load shedding for senders that can wait: while the oldest unfinished ingest job (waiting,
 * running or waiting out a retry) is older than `maxLagSeconds`, a request is refused with 503
 * and Retry-After instead of growing a backlog
 * without bound (the inline queue's journal on disk, Redis's memory in scale-out). Lag, not depth,
 * because a job holds anything from 1 to 5,000 posts.
 *
 * The lag is read from the queue when a request needs it, not by a timer, so only processes that
 * take requests read it: under load once a second in the background (requests never wait on it),
 * and after a quiet spell once before the request is judged, so an old reading never refuses one.
 */
export class IngestBacklog {
  private lagMs = 0;
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | undefined;
  private failing = false;

  constructor(
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly maxLagSeconds: number,
    private readonly warn: (message: string) => void,
  ) {}

  /** Throws INGEST_BEHIND (503) while the workers are more than the limit behind; 0 never refuses. */
  async refuseIfBehind(): Promise<void> {
    if (this.maxLagSeconds === 0) return;
    const age = this.clock.now().getTime() - this.readAt;
    if (age >= STALE_AFTER_MS) await this.read();
    else if (age >= SAMPLE_EVERY_MS) void this.read();
    const lagSeconds = Math.floor(this.lagMs / 1000);
    if (!ingestBehind(lagSeconds, this.maxLagSeconds)) return;
    const retryAfterSeconds = Math.min(RETRY_AFTER_MAX_S, Math.max(RETRY_AFTER_MIN_S, lagSeconds - this.maxLagSeconds));
    throw new AppError(
      'INGEST_BEHIND',
      `ingest is ${lagSeconds} s behind, over its limit of ${this.maxLagSeconds} s; nothing was stored: retry after ${retryAfterSeconds} s`,
      503,
      { lagSeconds, retryAfterSeconds },
    );
  }

  /** One read at a time; a queue that does not answer refuses nothing (its own write fails then). */
  private read(): Promise<void> {
    this.reading ??= queueLagMs(this.queue, 'ingest', this.clock.now())
      .then(
        (lagMs) => {
          this.lagMs = lagMs;
          this.readAt = this.clock.now().getTime();
          if (this.failing) this.warn('ingest lag: the queue answers again');
          this.failing = false;
        },
        (error: unknown) => {
          this.lagMs = 0;
          this.readAt = this.clock.now().getTime();
          if (!this.failing) this.warn(`ingest lag: the queue did not answer, so no request is refused for lag: ${(error as Error).message}`);
          this.failing = true;
        },
      )
      .finally(() => (this.reading = undefined));
    return this.reading;
  }
}
