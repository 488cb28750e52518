import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/endpoints';
import type { Health, Meta } from '../api/types';
import type { FilterDimension } from './history';

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

  /** The values each filter (and alert rule scope) can take, by dimension. */
  const vocabulary = computed<Record<FilterDimension, string[]>>(() => ({
    sentiment: meta.value.sentiments,
    topic: meta.value.topics,
    source: meta.value.sources,
    intent: meta.value.intents,
    lang: meta.value.languages,
    region: meta.value.regions.map((region) => region.id),
    entity: meta.value.entities.map((entity) => entity.id),
    excludeEntity: meta.value.entities.map((entity) => entity.id),
  }));

  return { health, meta, metaLoaded, loadingMeta, vocabulary, loadHealth, loadMeta };
});
