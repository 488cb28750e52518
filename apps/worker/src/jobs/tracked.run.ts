import type { Clock } from '@escucha/core';

/** What every watched job's status has: where it stands, and how it ended. */
export interface TrackedStatus {
  state: string;
  error?: string;
  finishedAt?: string;
}

/**
 * The life of a job people watch (an import, a backfill): its status saved as `running` before
 * the work, as the work goes (`save`), then `done`. A failure is saved as `failed` with its
 * reason only once no try is left; earlier tries are the queue's to retry, and `gaveUp` hears
 * the reason then too. Saves go under rising steps from `step`, the one the status was read at.
 */
export async function runTracked<S extends TrackedStatus>(options: {
  job: { attempt: number; maxAttempts: number };
  progress: { set(status: S, step: number): Promise<void> };
  status: S;
  step: number;
  clock: Clock;
  work: (save: () => Promise<void>) => Promise<void>;
  gaveUp?: (message: string) => void;
}): Promise<void> {
  const { job, progress, status, clock } = options;
  let step = options.step;
  const save = () => progress.set(status, ++step);
  try {
    await save();
    await options.work(save);
    Object.assign(status, { state: 'done', finishedAt: clock.now().toISOString() });
    await save();
  } catch (error) {
    if (job.attempt >= job.maxAttempts) {
      const message = (error as Error).message;
      Object.assign(status, { state: 'failed', error: message, finishedAt: clock.now().toISOString() });
      await save().catch(() => undefined);
      options.gaveUp?.(message);
    }
    throw error;
  }
}
