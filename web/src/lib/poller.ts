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
