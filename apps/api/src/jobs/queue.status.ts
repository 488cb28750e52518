import { QUEUE_NAMES, type Clock } from '@escucha/core';
import { queueLagMs, type JobQueue } from '@escucha/queue';
import type { QueueStatusDto } from './jobs.dto';

/** Each queue's backlog and how far behind its workers are, as an operator reads them. */
export function queueStatus(queue: JobQueue, clock: Clock): Promise<QueueStatusDto[]> {
  return Promise.all(
    QUEUE_NAMES.map(async (name) => {
      const [counts, lagMs] = await Promise.all([queue.counts(name), queueLagMs(queue, name, clock.now())]);
      return { queue: name, ...counts, lagSeconds: Math.floor(lagMs / 1000) };
    }),
  );
}
