import type { QueueStatus } from '../api/types';

/** How ingest is doing, as the dashboard warns of it. */
export type IngestState = 'ok' | 'behind' | 'refusing';

/**
 * Refusing as the server says; behind once past half its limit, while there is still time to act.
 * Without load shedding (no limit) nothing is refused, so nothing is worth a warning here.
 */
export function ingestState(queues: readonly QueueStatus[]): IngestState {
  const ingest = queues.find((q) => q.queue === 'ingest');
  if (ingest?.maxLagSeconds === undefined) return 'ok';
  if (ingest.refusing) return 'refusing';
  return ingest.lagSeconds * 2 > ingest.maxLagSeconds ? 'behind' : 'ok';
}
