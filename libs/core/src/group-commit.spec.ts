import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit } from './group-commit';

/** A flush the test releases by hand, recording every group it was given. */
function gatedFlush<T>(fail?: (items: T[]) => Error | undefined) {
  const groups: T[][] = [];
  const gates: (() => void)[] = [];
  const flush = (items: T[]): Promise<void> => {
    groups.push(items);
    return new Promise<void>((resolve, reject) => {
      gates.push(() => {
        const error = fail?.(items);
        if (error) reject(error);
        else resolve();
      });
    });
  };
  const releaseAll = async (): Promise<void> => {
    // Each release may start the next group, so keep going until nothing is left waiting.
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setImmediate(r));
      const gate = gates.shift();
      if (!gate) {
        await new Promise((r) => setImmediate(r));
        if (gates.length === 0) return;
        continue;
      }
      gate();
    }
  };
  return { groups, flush, releaseAll };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('flushes a lone item at once, without waiting for company', async () => {
    const { groups, flush, releaseAll } = gatedFlush<string>();
    const commit = new GroupCommit(flush, { maxWeight: 100, weigh: () => 1 });
    const done = commit.submit('a');
    await settle();
    expect(groups).toEqual([['a']]);
    await releaseAll();
    await expect(done).resolves.toBeUndefined();
  });

  it('groups the items that arrive while a flush runs into the next flush, in order', async () => {
    const { groups, flush, releaseAll } = gatedFlush<string>();
    const commit = new GroupCommit(flush, { maxWeight: 100, weigh: () => 1 });
    const first = commit.submit('a');
    await settle();
    const rest = ['b', 'c', 'd'].map((x) => commit.submit(x));
    await settle();
    expect(groups).toEqual([['a']]);
    expect(commit.waiting).toBe(3);
    await releaseAll();
    await Promise.all([first, ...rest]);
    expect(groups).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('submits made in one synchronous run share the first flush', async () => {
    const { groups, flush, releaseAll } = gatedFlush<string>();
    const commit = new GroupCommit(flush, { maxWeight: 100, weigh: () => 1 });
    const all = ['a', 'b', 'c'].map((x) => commit.submit(x));
    await releaseAll();
    await Promise.all(all);
    expect(groups).toEqual([['a', 'b', 'c']]);
  });

  it('caps a group at maxWeight, and lets an item heavier than the cap go alone', async () => {
    const { groups, flush, releaseAll } = gatedFlush<number>();
    const commit = new GroupCommit(flush, { maxWeight: 10, weigh: (n) => n });
    const all = [4, 4, 4, 25, 1].map((n) => commit.submit(n));
    await releaseAll();
    await Promise.all(all);
    expect(groups).toEqual([[4, 4], [4], [25], [1]]);
  });

  it('runs up to `concurrency` flushes at once', async () => {
    const { groups, flush, releaseAll } = gatedFlush<string>();
    const commit = new GroupCommit(flush, { maxWeight: 1, weigh: () => 1, concurrency: 2 });
    const all = ['a', 'b', 'c'].map((x) => commit.submit(x));
    await settle();
    expect(groups).toEqual([['a'], ['b']]);
    await releaseAll();
    await Promise.all(all);
    expect(groups).toEqual([['a'], ['b'], ['c']]);
  });

  it('tries a failed group item by item, so only the bad item fails', async () => {
    const { groups, flush, releaseAll } = gatedFlush<string>((items) => (items.includes('bad') ? new Error('bad record') : undefined));
    const commit = new GroupCommit(flush, { maxWeight: 100, weigh: () => 1 });
    const outcomes = ['a', 'bad', 'c'].map((x) => commit.submit(x).then(() => 'ok', (e: Error) => e.message));
    await releaseAll();
    expect(await Promise.all(outcomes)).toEqual(['ok', 'bad record', 'ok']);
    expect(groups).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('fails the whole group without retries when `isolate` says the error is shared', async () => {
    const { groups, flush, releaseAll } = gatedFlush<string>(() => new Error('store down'));
    const commit = new GroupCommit(flush, { maxWeight: 100, weigh: () => 1, isolate: () => false });
    const outcomes = ['a', 'b'].map((x) => commit.submit(x).then(() => 'ok', (e: Error) => e.message));
    await releaseAll();
    expect(await Promise.all(outcomes)).toEqual(['store down', 'store down']);
    expect(groups).toEqual([['a', 'b']]);
  });

  it('refuses settings that cannot work', () => {
    expect(() => new GroupCommit(async () => undefined, { maxWeight: 0, weigh: () => 1 })).toThrow(/maxWeight/);
    expect(() => new GroupCommit(async () => undefined, { maxWeight: 1, weigh: () => 1, concurrency: 0 })).toThrow(/concurrency/);
  });

  describe('with minIntervalMs', () => {
    afterEach(() => vi.useRealTimers());

    it('flushes the first item at once, then gathers items until the interval has passed', async () => {
      vi.useFakeTimers();
      const groups: number[][] = [];
      const commit = new GroupCommit<number>(async (items) => void groups.push(items), {
        maxWeight: 100,
        weigh: () => 1,
        minIntervalMs: 100,
        now: () => Date.now(),
      });
      const first = commit.submit(1);
      await vi.advanceTimersByTimeAsync(0);
      expect(groups).toEqual([[1]]);
      await first;
      const later = [2, 3, 4].map((n) => commit.submit(n));
      await vi.advanceTimersByTimeAsync(50);
      expect(groups).toEqual([[1]]);
      await vi.advanceTimersByTimeAsync(50);
      expect(groups).toEqual([[1], [2, 3, 4]]);
      await Promise.all(later);
      // Quiet for longer than the interval: the next one goes at once again.
      await vi.advanceTimersByTimeAsync(500);
      const lone = commit.submit(5);
      await vi.advanceTimersByTimeAsync(0);
      expect(groups).toEqual([[1], [2, 3, 4], [5]]);
      await lone;
    });

    it('does not wait for the interval once the waiting items fill a group', async () => {
      vi.useFakeTimers();
      const groups: number[][] = [];
      const commit = new GroupCommit<number>(async (items) => void groups.push(items), {
        maxWeight: 3,
        weigh: () => 1,
        minIntervalMs: 1_000,
        now: () => Date.now(),
      });
      await commit.submit(0);
      const full = [1, 2, 3].map((n) => commit.submit(n));
      await vi.advanceTimersByTimeAsync(0);
      expect(groups).toEqual([[0], [1, 2, 3]]);
      await Promise.all(full);
    });
  });
});
