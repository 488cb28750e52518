import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/endpoints';
import { isAbort } from '../api/http';
import type { DailyReport } from '../api/types';

/** Yesterday as the browser's calendar has it, YYYY-MM-DD: the day a morning reader opens. */
export function yesterday(now: Date = new Date()): string {
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

/** The daily report: one day beside the day before, and (admins) its email sent on demand. */
export const useReportsStore = defineStore('reports', () => {
  const day = ref(yesterday());
  const report = ref<DailyReport | null>(null);
  const loading = ref(false);
  const error = ref<Error | null>(null);
  const sending = ref(false);
  /** Who the last send went to, or why it was refused. */
  const sent = ref<{ day: string; to: string[] } | null>(null);
  const sendError = ref<Error | null>(null);
  let abort: AbortController | null = null;

  async function load(next = day.value): Promise<void> {
    day.value = next;
    abort?.abort();
    const controller = new AbortController();
    abort = controller;
    loading.value = true;
    error.value = null;
    try {
      report.value = await api.dailyReport(next, controller.signal);
    } catch (e) {
      if (isAbort(e)) return;
      report.value = null;
      error.value = e as Error;
    } finally {
      if (abort === controller) {
        loading.value = false;
        abort = null;
      }
    }
  }

  async function send(): Promise<void> {
    sending.value = true;
    sent.value = null;
    sendError.value = null;
    try {
      sent.value = await api.sendDailyReport(day.value);
    } catch (e) {
      sendError.value = e as Error;
    } finally {
      sending.value = false;
    }
  }

  return { day, report, loading, error, sending, sent, sendError, load, send };
});
