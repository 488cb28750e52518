import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from './live.throttle';

describe('Throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const make = (intervalMs = 1000) => {
    const runs: number[] = [];
    const throttle = new Throttle(() => runs.push(Date.now()), intervalMs, () => Date.now());
    return { runs, throttle };
  };

  it('runs the first request after a quiet spell at once (leading edge)', () => {
    const { runs, throttle } = make();
    const t0 = Date.now();
    throttle.request();
    expect(runs).toEqual([t0]);
  });

  it('merges requests inside the interval into one run at its end (trailing edge)', () => {
    const { runs, throttle } = make();
    const t0 = Date.now();
    throttle.request();
    vi.advanceTimersByTime(100);
    throttle.request();
    vi.advanceTimersByTime(300);
    throttle.request();
    throttle.request();
    expect(runs).toHaveLength(1);
    vi.advanceTimersByTime(600);
    expect(runs).toEqual([t0, t0 + 1000]);
  });

  it('never runs more than once per interval under a steady stream of requests', () => {
    const { runs, throttle } = make();
    for (let ms = 0; ms < 10_000; ms += 10) {
      throttle.request();
      vi.advanceTimersByTime(10);
    }
    expect(runs.length).toBeGreaterThanOrEqual(10);
    expect(runs.length).toBeLessThanOrEqual(11);
    for (let i = 1; i < runs.length; i++) expect(runs[i] - runs[i - 1]).toBeGreaterThanOrEqual(1000);
  });

  it('runs at once again after a quiet interval', () => {
    const { runs, throttle } = make();
    throttle.request();
    vi.advanceTimersByTime(5000);
    const t1 = Date.now();
    throttle.request();
    expect(runs.at(-1)).toBe(t1);
  });

  it('runs a request aside at once without holding back the next request', () => {
    const { runs, throttle } = make();
    const t0 = Date.now();
    throttle.requestAside();
    vi.advanceTimersByTime(200);
    throttle.request();
    expect(runs).toEqual([t0, t0 + 200]);
  });

  it('folds a request aside into a run already waiting', () => {
    const { runs, throttle } = make();
    const t0 = Date.now();
    throttle.request();
    throttle.request();
    throttle.requestAside();
    expect(runs).toEqual([t0]);
    vi.advanceTimersByTime(1000);
    expect(runs).toEqual([t0, t0 + 1000]);
  });

  it('drops a pending trailing run on cancel', () => {
    const { runs, throttle } = make();
    throttle.request();
    throttle.request();
    throttle.cancel();
    vi.advanceTimersByTime(5000);
    expect(runs).toHaveLength(1);
  });
});
