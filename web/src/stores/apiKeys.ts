import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/endpoints';
import type { ApiKeyView, CreatedApiKey, NewApiKey } from '../api/types';
import { runBusy } from '../lib/busy';

/** The API keys scripts and partners ingest or read with, as an admin manages them. */
export const useApiKeysStore = defineStore('apiKeys', () => {
  const items = ref<ApiKeyView[]>([]);
  const loading = ref(false);
  /** The key being revoked, or `new` while one is made: only that row's controls wait. */
  const busy = ref<string | null>(null);
  const error = ref<Error | null>(null);
  /** The key just made, shown until the page is left: the API never shows it again. */
  const created = ref<CreatedApiKey | null>(null);

  const run = (what: string, action: () => Promise<void>) => runBusy({ busy, error }, what, action);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      await run('load', async () => {
        items.value = await api.apiKeys();
      });
    } finally {
      loading.value = false;
    }
  }

  /** True when it was made; `created` then holds its secret. */
  async function create(key: NewApiKey): Promise<boolean> {
    let made = false;
    await run('new', async () => {
      created.value = await api.createApiKey(key);
      made = true;
      items.value = await api.apiKeys();
    });
    return made;
  }

  function revoke(id: string): Promise<void | undefined> {
    return run(id, async () => {
      await api.revokeApiKey(id);
      items.value = items.value.filter((k) => k.id !== id);
      if (created.value?.id === id) created.value = null;
    });
  }

  /** Leaving the page forgets the secret shown once. */
  function forgetCreated(): void {
    created.value = null;
  }

  return { items, loading, busy, error, created, load, create, revoke, forgetCreated };
});
