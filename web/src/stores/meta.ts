import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/endpoints';
import type { Health, Meta } from '../api/types';

const EMPTY_META: Meta = {
  topics: [],
  topicLabels: {},
  sources: [],
  sentiments: ['negative', 'neutral', 'positive'],
  intents: [],
  languages: [],
  regions: [],
  entities: [],
};

/** What the server says about itself (health, demo mode) and the vocabularies filters offer. */
export const useMetaStore = defineStore('meta', () => {
  const health = ref<Health | null>(null);
  const meta = ref<Meta>(EMPTY_META);
  const metaLoaded = ref(false);
  const loadingMeta = ref(false);

  /** Public, so the demo badge shows even on the login page; failures only hide the badge. */
  async function loadHealth(): Promise<void> {
    try {
      health.value = await api.health();
    } catch {
      health.value = null;
    }
  }

  async function loadMeta(force = false): Promise<void> {
    if ((metaLoaded.value && !force) || loadingMeta.value) return;
    loadingMeta.value = true;
    try {
      meta.value = { ...EMPTY_META, ...(await api.meta()) };
      metaLoaded.value = true;
    } catch {
      // Filters fall back to free choice from what the data shows; nothing else depends on meta.
    } finally {
      loadingMeta.value = false;
    }
  }

  return { health, meta, metaLoaded, loadingMeta, loadHealth, loadMeta };
});
