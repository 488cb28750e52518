import { defineStore } from 'pinia';
import { io, type Socket } from 'socket.io-client';
import { computed, ref } from 'vue';
import { api } from '../api/endpoints';
import { runBusy } from '../lib/busy';
import { notifyUnauthorized, tokenStorage } from '../api/http';
import type { AlertNotice, AlertRuleInput, AlertRuleView, AlertView } from '../api/types';

interface ServerToClient {
  'alerts:open': (alerts: AlertNotice[]) => void;
  'alerts:update': (alerts: AlertNotice[]) => void;
}

/** Alerts as the banner (live, over `/alerts`) and the Alerts page (the API) see them. */
export const useAlertsStore = defineStore('alerts', () => {
  /** Open or acknowledged, by id: what the banner may show. */
  const notices = ref<Record<string, AlertNotice>>({});
  const items = ref<AlertView[]>([]);
  const rules = ref<AlertRuleView[]>([]);
  const error = ref<Error | null>(null);
  const busy = ref<string | null>(null);
  let socket: Socket<ServerToClient> | null = null;

  /** Only alerts nobody has taken yet: an acknowledged one is someone's, and no longer shouts. */
  const banner = computed(() => Object.values(notices.value).filter((n) => n.state === 'open').sort((a, b) => b.openedAt.localeCompare(a.openedAt)));

  function apply(list: AlertNotice[]): void {
    const next = { ...notices.value };
    for (const notice of list) {
      if (notice.state === 'resolved') delete next[notice.id];
      else next[notice.id] = notice;
    }
    notices.value = next;
    // The page's list follows the socket too: a state changed elsewhere shows without a reload.
    items.value = items.value.map((a) => (list.find((n) => n.id === a.id) ? { ...a, ...list.find((n) => n.id === a.id)! } : a));
  }

  function connect(): void {
    if (socket) return;
    const token = tokenStorage.get();
    if (!token) return;
    const next: Socket<ServerToClient> = io('/alerts', { auth: { token } });
    socket = next;
    next.on('alerts:open', (list) => {
      notices.value = {};
      apply(list);
    });
    next.on('alerts:update', apply);
    next.on('connect_error', (e) => {
      if (e.message === 'unauthorized') {
        disconnect();
        notifyUnauthorized();
      }
    });
  }

  function disconnect(): void {
    socket?.removeAllListeners();
    socket?.disconnect();
    socket = null;
    notices.value = {};
  }

  const run = <T>(key: string, action: () => Promise<T>): Promise<T | undefined> => runBusy({ busy, error }, key, action);

  /** `focus`: an alert a link opened the page on, fetched on its own when it is not among the latest. */
  async function load(focus?: string): Promise<void> {
    await run('load', async () => {
      [items.value, rules.value] = await Promise.all([api.alerts(), api.alertRules()]);
      // After the list, so an alert that is gone (404) leaves the list shown beside the error.
      if (focus !== undefined && !items.value.some((a) => a.id === focus)) items.value = [await api.alert(focus), ...items.value];
    });
  }

  async function act(id: string, action: 'ack' | 'resolve'): Promise<void> {
    const updated = await run(id, () => (action === 'ack' ? api.ackAlert(id) : api.resolveAlert(id)));
    if (updated) {
      items.value = items.value.map((a) => (a.id === id ? updated : a));
      apply([updated]);
    }
  }

  async function createRule(rule: AlertRuleInput): Promise<boolean> {
    const created = await run('rule', () => api.createAlertRule(rule));
    if (created) rules.value = [...rules.value, created].sort((a, b) => a.id.localeCompare(b.id));
    return created !== undefined;
  }

  /** Replaces a stored rule (edited, paused or resumed); the list shows what the server kept. */
  async function saveRule(id: string, rule: AlertRuleInput): Promise<boolean> {
    const saved = await run(id, () => api.replaceAlertRule(id, rule));
    if (saved) rules.value = rules.value.map((r) => (r.id === id ? saved : r));
    return saved !== undefined;
  }

  async function removeRule(id: string): Promise<void> {
    const done = await run(id, async () => {
      await api.removeAlertRule(id);
      return true;
    });
    if (done) rules.value = rules.value.filter((r) => r.id !== id);
  }

  return { notices, banner, items, rules, error, busy, connect, disconnect, load, act, createRule, saveRule, removeRule };
});
