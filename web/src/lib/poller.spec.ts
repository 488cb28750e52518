import { afterEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { createPoller, polledRead } from './poller';

describe('createPoller', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks once per interval, the next only after the last answered, and on past a failed tick', async () => {
    vi.useFakeTimers();
    let ticks = 0;
    let answer: (() => void) | undefined;
    const poller = createPoller(1000, () => {
      ticks++;
      if (ticks === 1) return Promise.reject(new Error('down'));
      return new Promise<void>((resolve) => (answer = resolve));
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(999);
    expect(ticks).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(ticks).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(ticks).toBe(2);
    // The second tick has not answered: no third one however long it takes.
    await vi.advanceTimersByTimeAsync(5000);
    expect(ticks).toBe(2);
    answer!();
    await vi.advanceTimersByTimeAsync(1000);
    expect(ticks).toBe(3);
    poller.stop();
  });

  it('stops for good, even when a tick under way answers after the stop', async () => {
    vi.useFakeTimers();
    let ticks = 0;
    let answer: (() => void) | undefined;
    const poller = createPoller(1000, () => {
      ticks++;
      return new Promise<void>((resolve) => (answer = resolve));
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(ticks).toBe(1);
    poller.stop();
    answer!();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ticks).toBe(1);
  });

  it('runs one loop however often it is started', async () => {
    vi.useFakeTimers();
    let ticks = 0;
    const poller = createPoller(1000, async () => {
      ticks++;
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(500);
    poller.start();
    poller.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(ticks).toBe(3);
    poller.stop();
  });
});

describe('polledRead', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows loading on a load only, and keeps the last failure until a read succeeds', async () => {
    vi.useFakeTimers();
    const state = { loading: ref(false), error: ref<Error | null>(null) };
    const answers: Array<Error | undefined> = [new Error('down'), new Error('still down'), undefined];
    let loadingSeen = false;
    const reads = polledRead(1000, async () => {
      loadingSeen = state.loading.value;
      const answer = answers.shift();
      if (answer) throw answer;
    }, state);

    await reads.load();
    expect([loadingSeen, state.loading.value, state.error.value?.message]).toEqual([true, false, 'down']);
    reads.poll();
    await vi.advanceTimersByTimeAsync(1000);
    expect([loadingSeen, state.error.value?.message]).toEqual([false, 'still down']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.error.value).toBeNull();
    reads.stop();
  });
});
