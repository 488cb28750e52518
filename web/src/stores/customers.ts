import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/endpoints';
import type { AttentionList, CustomerMatch } from '../api/types';

/** The spans an agent picks from for the call-back list, in hours. */
export const ATTENTION_SPANS = [4, 24, 72] as const;

/**
 * Customers as an agent meets them before opening a profile: who to call back, and a search by id,
 * name, email or phone. Both outlive the page, so coming back from a profile finds them as left.
 */
export const useCustomersStore = defineStore('customers', () => {
  const attention = ref<AttentionList | null>(null);
  const hours = ref<number>(24);
  const loading = ref(false);
  const error = ref<Error | null>(null);

  async function loadAttention(span = hours.value): Promise<void> {
    hours.value = span;
    loading.value = true;
    error.value = null;
    try {
      attention.value = await api.customersNeedingAttention(span);
    } catch (e) {
      error.value = e as Error;
    } finally {
      loading.value = false;
    }
  }

  const query = ref('');
  /** Null until a search ran. */
  const results = ref<CustomerMatch[] | null>(null);
  const searching = ref(false);
  const searchError = ref<Error | null>(null);

  async function find(): Promise<void> {
    const q = query.value.trim();
    if (!q) return;
    searching.value = true;
    searchError.value = null;
    try {
      results.value = (await api.findCustomers(q)).items;
    } catch (e) {
      searchError.value = e as Error;
    } finally {
      searching.value = false;
    }
  }

  return { attention, hours, loading, error, loadAttention, query, results, searching, searchError, find };
});
