import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/endpoints';
import type { RecategorizationStatus, Taxonomy, TaxonomyGroup } from '../api/types';
import { createPoller } from '../lib/poller';

const POLL_MS = 1000;

/** The taxonomy being edited: a draft of the saved one, checked query by query before saving. */
export const useTaxonomyStore = defineStore('taxonomy', () => {
  const saved = ref<Taxonomy | null>(null);
  const draft = ref<TaxonomyGroup[]>([]);
  /** Problems per `groupIndex:lang`, from the server's validator. */
  const problems = ref<Record<string, string>>({});
  const status = ref<RecategorizationStatus | null>(null);
  const loading = ref(false);
  const saving = ref(false);
  const error = ref<Error | null>(null);

  const dirty = computed(() => JSON.stringify(saved.value?.groups ?? []) !== JSON.stringify(draft.value));
  const valid = computed(() => Object.keys(problems.value).length === 0 && draft.value.every((g) => /^[a-z0-9_-]+$/.test(g.id)));

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const taxonomy = await api.taxonomy();
      saved.value = taxonomy;
      draft.value = structuredClone(taxonomy.groups);
      problems.value = {};
      status.value = await api.recategorization().catch(() => null);
      if (status.value?.state === 'running') poll();
    } catch (e) {
      error.value = e as Error;
    } finally {
      loading.value = false;
    }
  }

  async function validate(index: number, lang: string): Promise<void> {
    const key = `${index}:${lang}`;
    const query = draft.value[index]?.query[lang] ?? '';
    const next = { ...problems.value };
    delete next[key];
    if (query.trim() === '') next[key] = '';
    else {
      try {
        await api.validateQuery(query);
      } catch (e) {
        next[key] = (e as Error).message;
      }
    }
    problems.value = next;
  }

  function addGroup(): void {
    draft.value = [...draft.value, { id: '', label: { es: '', en: '' }, query: { es: '', en: '' } }];
  }

  function removeGroup(index: number): void {
    draft.value = draft.value.filter((_, i) => i !== index);
    // Problems are keyed by position: check what remains again rather than shift keys by hand.
    problems.value = {};
  }

  async function save(): Promise<void> {
    if (!saved.value) return;
    saving.value = true;
    error.value = null;
    try {
      const result = await api.saveTaxonomy({ ...saved.value, groups: draft.value });
      saved.value = result.taxonomy;
      draft.value = structuredClone(result.taxonomy.groups);
      status.value = result.recategorization;
      poll();
    } catch (e) {
      error.value = e as Error;
    } finally {
      saving.value = false;
    }
  }

  // Until the re-categorisation started by a save is over; a missed poll is retried on the next tick.
  const poller = createPoller(POLL_MS, async () => {
    status.value = await api.recategorization();
    if (status.value.state !== 'running') poller.stop();
  });
  const poll = (): void => poller.start();
  const stop = (): void => poller.stop();

  return { saved, draft, problems, status, loading, saving, error, dirty, valid, load, validate, addGroup, removeGroup, save, stop };
});
