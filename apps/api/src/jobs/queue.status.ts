import { QUEUE_NAMES, type Clock } from '@escucha/core';
import { ingestBehind } from '@escucha/ingest';
import { queueLagMs, type JobQueue } from '@escucha/queue';
import type { QueueStatusDto } from './jobs.dto';

/**
 * Each queue's backlog and how far behind its workers are, as an operator reads them; for ingest,
 * also the limit load shedding applies and whether senders are being refused now.
 */
export function queueStatus(queue: JobQueue, clock: Clock, maxIngestLagSeconds: number): Promise<QueueStatusDto[]> {
  return Promise.all(
    QUEUE_NAMES.map(async (name) => {
      const [counts, lagMs] = await Promise.all([queue.counts(name), queueLagMs(queue, name, clock.now())]);
      const lagSeconds = Math.floor(lagMs / 1000);
      const shedding =
        name === 'ingest' && maxIngestLagSeconds > 0
          ? { maxLagSeconds: maxIngestLagSeconds, refusing: ingestBehind(lagSeconds, maxIngestLagSeconds) }
          : {};
      return { queue: name, ...counts, lagSeconds, ...shedding };
    }),
  );
}
