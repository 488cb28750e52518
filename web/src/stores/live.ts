import { defineStore } from 'pinia';
import { io, type Socket } from 'socket.io-client';
import { computed, ref, shallowRef } from 'vue';
import { notifyUnauthorized, tokenStorage } from '../api/http';
import type { LiveUpdate } from '../api/types';

export const LIVE_WINDOWS = [15, 60, 180, 360, 720, 1440] as const;
export type LiveWindow = (typeof LIVE_WINDOWS)[number];
const DEFAULT_WINDOW: LiveWindow = 60;
const WINDOW_KEY = 'escucha.liveWindow';

export type LiveStatus = 'idle' | 'connecting' | 'connected' | 'disconnected';

interface ServerToClient {
  'live:update': (update: LiveUpdate) => void;
}
interface ClientToServer {
  'live:window': (payload: { minutes: number }) => void;
}

/** A window from a URL or storage, or null when it is not one the server keeps. */
export function parseLiveWindow(raw: unknown): LiveWindow | null {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string' || value === '') return null;
  const minutes = Number(value);
  return (LIVE_WINDOWS as readonly number[]).includes(minutes) ? (minutes as LiveWindow) : null;
}

function savedWindow(): LiveWindow {
  return parseLiveWindow(localStorage.getItem(WINDOW_KEY)) ?? DEFAULT_WINDOW;
}

// After the server refuses a handshake in its middleware, socket.io does not retry by itself.
const RETRY_MS = 3000;

export const useLiveStore = defineStore('live', () => {
  const minutes = ref<LiveWindow>(savedWindow());
  const status = ref<LiveStatus>('idle');
  // Replaced whole once a second; a shallow ref spares Vue from proxying up to 1440 points each time.
  const update = shallowRef<LiveUpdate | null>(null);
  const receivedAt = ref<number | null>(null);

  // Kept out of the returned state: a socket is not data, and devtools/serialisation must not walk it.
  let socket: Socket<ServerToClient, ClientToServer> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const total = computed(() => update.value?.total ?? 0);
  const sentimentCount = (label: 'negative' | 'neutral' | 'positive') => update.value?.bySentiment[label] ?? 0;
  /** Share of negative posts, 0..1, or null when the window is empty. */
  const negativeShare = computed(() => (total.value > 0 ? sentimentCount('negative') / total.value : null));
  /** (positive − negative) / total × 100, from −100 to 100, or null when the window is empty. */
  const netSentiment = computed(() =>
    total.value > 0 ? ((sentimentCount('positive') - sentimentCount('negative')) / total.value) * 100 : null,
  );

  function connect(): void {
    if (socket) return;
    const token = tokenStorage.get();
    if (!token) return;
    status.value = 'connecting';
    const next: Socket<ServerToClient, ClientToServer> = io('/live', { auth: { token } });
    socket = next;

    next.on('connect', () => {
      status.value = 'connected';
      // The server forgets the window with the connection, so it is told again after every reconnect.
      next.emit('live:window', { minutes: minutes.value });
    });
    next.on('disconnect', () => {
      if (socket === next) status.value = 'disconnected';
    });
    next.on('connect_error', (error) => {
      if (error.message === 'unauthorized') {
        disconnect();
        notifyUnauthorized();
        return;
      }
      status.value = 'disconnected';
      if (!next.active) {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => {
          if (socket === next) next.connect();
        }, RETRY_MS);
      }
    });
    next.on('live:update', (payload) => {
      update.value = payload;
      receivedAt.value = Date.now();
    });
  }

  function setWindow(value: LiveWindow): void {
    if (value === minutes.value) return;
    minutes.value = value;
    localStorage.setItem(WINDOW_KEY, String(value));
    if (socket?.connected) socket.emit('live:window', { minutes: value });
  }

  function disconnect(): void {
    clearTimeout(retryTimer);
    if (socket) {
      const closing = socket;
      socket = null;
      closing.removeAllListeners();
      closing.disconnect();
    }
    status.value = 'idle';
    update.value = null;
    receivedAt.value = null;
  }

  return {
    minutes,
    status,
    update,
    receivedAt,
    total,
    negativeShare,
    netSentiment,
    connect,
    setWindow,
    disconnect,
  };
});
