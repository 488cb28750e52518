import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/endpoints';
import type { AttentionList } from '../api/types';

/** The spans an agent picks from for the call-back list, in hours. */
export const ATTENTION_SPANS = [4, 24, 72] as const;

/** Customers as an agent meets them before a search: who to call back. */
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

  return { attention, hours, loading, error, loadAttention };
});
