import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/endpoints';
import { runBusy } from '../lib/busy';
import type { ManagedUser, NewUser, UserChanges } from '../api/types';

/** The team, as an admin manages it: who may sign in, with which role. */
export const useUsersStore = defineStore('users', () => {
  const items = ref<ManagedUser[]>([]);
  const loading = ref(false);
  /** The username being changed, or `new` while one is created: only that row's controls wait. */
  const busy = ref<string | null>(null);
  const error = ref<Error | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      items.value = await api.users();
    } catch (e) {
      error.value = e as Error;
    } finally {
      loading.value = false;
    }
  }

  /** True when it was done; otherwise `error` says why (the API's words: a taken name, a weak password). */
  async function act(what: string, action: () => Promise<void>): Promise<boolean> {
    const done = await runBusy({ busy, error }, what, async () => {
      await action();
      return true;
    });
    return done === true;
  }

  function create(user: NewUser): Promise<boolean> {
    return act('new', async () => {
      await api.createUser(user);
      items.value = await api.users();
    });
  }

  function update(username: string, changes: UserChanges): Promise<boolean> {
    return act(username, async () => {
      const updated = await api.updateUser(username, changes);
      items.value = items.value.map((user) => (user.username === username ? updated : user));
    });
  }

  return { items, loading, busy, error, load, create, update };
});
