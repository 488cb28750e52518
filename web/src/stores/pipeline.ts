import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/endpoints';
import type { FailedJob, QueueStatus } from '../api/types';
import { ingestState } from '../lib/pipeline';
import { polledRead } from '../lib/poller';

/** The lag moves by the second under load; every few seconds is enough to see a trend. */
const POLL_MS = 5000;
/** The latest failures say what is going wrong now; the API keeps the rest. */
const FAILED_SHOWN = 10;

/** The pipeline as an admin watches it: each queue's backlog, whether ingest refuses senders, the jobs that gave up. */
export const usePipelineStore = defineStore('pipeline', () => {
  const queues = ref<QueueStatus[]>([]);
  const failedJobs = ref<FailedJob[]>([]);
  const loading = ref(false);
  const error = ref<Error | null>(null);

  // A jobs API that does not answer is itself news (Redis down in scale-out): said, not hidden.
  const { load, poll, stop } = polledRead(
    POLL_MS,
    async () => {
      const status = await api.jobs();
      // Asked only of queues that have any: most of the time none does.
      const failed = await Promise.all(status.filter((q) => q.failed > 0).map((q) => api.failedJobs(q.queue, FAILED_SHOWN)));
      queues.value = status;
      failedJobs.value = failed
        .flat()
        .sort((a, b) => b.failedAt.localeCompare(a.failedAt))
        .slice(0, FAILED_SHOWN);
    },
    { loading, error },
  );

  const ingest = computed(() => ingestState(queues.value));

  /**
   * The queues alone, for the header's badge on every page: a failure leaves the last figures
   * (the Sources page is where errors are said).
   */
  async function refreshQueues(): Promise<void> {
    try {
      queues.value = await api.jobs();
    } catch {
      // Tried again at the next tick.
    }
  }

  return { queues, failedJobs, loading, error, ingest, load, poll, stop, refreshQueues };
});
