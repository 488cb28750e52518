import type { QueueName } from '@escucha/core';
import type { JobQueue } from './queue.port';

/** How far behind `queue`'s workers are at `now`: the age of its oldest unfinished job in ms, 0 when none. */
export async function queueLagMs(queue: Pick<JobQueue, 'oldestUnfinished'>, name: QueueName, now: Date): Promise<number> {
  const oldest = await queue.oldestUnfinished(name);
  return oldest ? Math.max(0, now.getTime() - oldest.getTime()) : 0;
}
