import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/endpoints';
import type { DemoStatus } from '../api/types';
import { polledRead } from '../lib/poller';

/** Often enough to see the demo stop after a source is added, and a removal finish. */
const POLL_MS = 2000;

/** The demo's data, as an admin sees it beside the sources: running, still stored, or being removed. */
export const useDemoStore = defineStore('demo', () => {
  const status = ref<DemoStatus | null>(null);
  const loading = ref(false);
  const error = ref<Error | null>(null);

  const removing = computed(() => status.value?.removal?.state === 'queued' || status.value?.removal?.state === 'running');
  /** Worth a panel: the demo runs, its data is there, or a removal has something to say. */
  const shown = computed(() => status.value !== null && (status.value.running || status.value.stored || status.value.removal !== undefined));

  // Polls leave `loading` alone: it disables the Remove button, which would blink every poll.
  const { load, poll, stop } = polledRead(POLL_MS, async () => {
    status.value = await api.demo();
  }, { loading, error });

  async function remove(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const removal = await api.removeDemo();
      status.value = { running: false, stored: true, ...status.value, removal };
    } catch (e) {
      error.value = e as Error;
    } finally {
      loading.value = false;
    }
  }

  return { status, loading, error, removing, shown, load, remove, poll, stop };
});
