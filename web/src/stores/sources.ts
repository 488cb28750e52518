import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/endpoints';
import { runBusy } from '../lib/busy';
import { createPoller } from '../lib/poller';
import type { NewSource, SourceView } from '../api/types';

/** How often the list is refreshed while the page is open: events per minute moves on its own. */
const POLL_MS = 3000;

/** The source registry as an admin manages it. */
export const useSourcesStore = defineStore('sources', () => {
  const items = ref<SourceView[]>([]);
  const loading = ref(false);
  /** The id of the source an action is running on, or `new` while one is being added. */
  const busy = ref<string | null>(null);
  const error = ref<Error | null>(null);
  // Bumped by every action, so a poll that started before one cannot put back the old state.
  let changes = 0;

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      items.value = await api.sources();
    } catch (e) {
      error.value = e as Error;
    } finally {
      loading.value = false;
    }
  }

  /** Runs an action on one source and puts its answer in the list; the error, if any, is shown and rethrown to nobody. */
  async function act(id: string, action: () => Promise<SourceView | void>): Promise<boolean> {
    changes++;
    const done = await runBusy({ busy, error }, id, async () => {
      const result = await action();
      if (result) {
        const index = items.value.findIndex((s) => s.id === result.id);
        items.value = index === -1 ? [...items.value, result] : items.value.map((s, i) => (i === index ? result : s));
      } else {
        items.value = items.value.filter((s) => s.id !== id);
      }
      return true;
    });
    return done === true;
  }

  const create = (source: NewSource) => act('new', () => api.createSource(source));
  const pause = (id: string) => act(id, () => api.pauseSource(id));
  const resume = (id: string) => act(id, () => api.resumeSource(id));
  const remove = (id: string) => act(id, () => api.removeSource(id));

  // A failed poll is retried on the next tick; load() shows errors.
  const poller = createPoller(POLL_MS, async () => {
    const before = changes;
    const fresh = await api.sources();
    if (before === changes && busy.value === null) items.value = fresh;
  });
  const poll = (): void => poller.start();
  const stop = (): void => poller.stop();

  return { items, loading, busy, error, load, create, pause, resume, remove, poll, stop };
});
