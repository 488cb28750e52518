import type { Ref } from 'vue';

export interface Poller {
  /** Ticks every interval from now on; starting again restarts the wait. */
  start(): void;
  /** No tick after this, not even once one already under way answers. */
  stop(): void;
}

/**
 * A page's refresh while it is open. The next tick is scheduled once the last has answered, so a
 * slow server never has two at once; a tick's failure is the tick's to show (it is swallowed here,
 * and the next one tries again).
 */
export function createPoller(intervalMs: number, tick: () => Promise<void>): Poller {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  function schedule(current: number): void {
    timer = setTimeout(async () => {
      try {
        await tick();
      } catch {
        // Shown by the tick's own state, or not at all: a missed refresh is retried next time.
      }
      if (current === generation) schedule(current);
    }, intervalMs);
  }

  return {
    start() {
      clearTimeout(timer);
      schedule(++generation);
    },
    stop() {
      generation++;
      clearTimeout(timer);
    },
  };
}

export interface PolledRead {
  /** Reads now, with `loading` set while it runs. */
  load(): Promise<void>;
  /** Reads again every interval, without touching `loading` (a control it disables would blink). */
  poll(): void;
  stop(): void;
}

/**
 * Figures a page shows and keeps fresh while it is open: `read` puts them in place; a failure of
 * any read is kept in `error` for the page to say, until a read succeeds.
 */
export function polledRead(intervalMs: number, read: () => Promise<void>, state: { loading: Ref<boolean>; error: Ref<Error | null> }): PolledRead {
  async function attempt(): Promise<void> {
    try {
      await read();
      state.error.value = null;
    } catch (e) {
      state.error.value = e as Error;
    }
  }
  const poller = createPoller(intervalMs, attempt);
  return {
    async load() {
      state.loading.value = true;
      try {
        await attempt();
      } finally {
        state.loading.value = false;
      }
    },
    poll: () => poller.start(),
    stop: () => poller.stop(),
  };
}
