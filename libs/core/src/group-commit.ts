export interface GroupCommitOptions<T> {
  /** Most weight one flush takes; an item heavier than this still goes, alone. */
  maxWeight: number;
  weigh(item: T): number;
  /** Flushes running at once; default 1 (one writer, everything else waits and joins the next group). */
  concurrency?: number;
  /**
   * Least time between the starts of two flushes, unless the waiting items already weigh
   * `maxWeight`; default 0. For writes with a high fixed cost (a store transaction): under load
   * they come at most this often and carry more each, while the first item after a quiet spell
   * still goes at once.
   */
  minIntervalMs?: number;
  /** Milliseconds on a monotonic clock; tests pass their own. */
  now?(): number;
  /**
   * Whether a failed group is tried again item by item, so one bad item cannot fail the others
   * with it. Default: always. Answer false for errors that every item would share (a store that
   * is down), where trying each alone only adds load.
   */
  isolate?(error: unknown): boolean;
}

interface Entry<T> {
  item: T;
  weight: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit: callers submit items one at a time and share writes. The first item after a
 * quiet spell is flushed at once (never held back waiting for company); items that arrive while
 * a flush is running wait for it and then go together in the next one. So a lone caller pays one
 * write, and a crowd pays one write per group instead of one each: groups grow with the load by
 * themselves. Where each write has a high fixed cost, `minIntervalMs` spaces the writes under load.
 * `submit` resolves when the flush that carried the item succeeded.
 */
export class GroupCommit<T> {
  private readonly pending: Entry<T>[] = [];
  private running = 0;
  private scheduled = false;
  private readonly concurrency: number;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private lastStart = Number.NEGATIVE_INFINITY;
  private pendingWeight = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    private readonly options: GroupCommitOptions<T>,
  ) {
    this.concurrency = options.concurrency ?? 1;
    this.minIntervalMs = options.minIntervalMs ?? 0;
    this.now = options.now ?? (() => performance.now());
    if (!(this.minIntervalMs >= 0)) throw new RangeError('minIntervalMs must be ≥ 0');
    if (!Number.isSafeInteger(this.concurrency) || this.concurrency < 1) throw new RangeError('concurrency must be a whole number ≥ 1');
    if (!(options.maxWeight > 0)) throw new RangeError('maxWeight must be positive');
  }

  /** Items waiting for a flush (not counting those being written). */
  get waiting(): number {
    return this.pending.length;
  }

  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const weight = this.options.weigh(item);
      this.pending.push({ item, weight, resolve, reject });
      this.pendingWeight += weight;
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // A microtask, so the submits of one synchronous run (a request's records, a worker's
    // started jobs) form one group rather than the first going alone.
    queueMicrotask(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (this.running < this.concurrency && this.pending.length > 0) {
      const wait = this.lastStart + this.minIntervalMs - this.now();
      if (wait > 0 && this.pendingWeight < this.options.maxWeight) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, wait);
        return;
      }
      const group = this.take();
      this.lastStart = this.now();
      this.running++;
      void this.run(group).finally(() => {
        this.running--;
        this.drain();
      });
    }
  }

  /** The oldest items up to `maxWeight`, in order, and at least one. */
  private take(): Entry<T>[] {
    let weight = 0;
    let n = 0;
    while (n < this.pending.length && (n === 0 || weight + this.pending[n].weight <= this.options.maxWeight)) {
      weight += this.pending[n].weight;
      n++;
    }
    this.pendingWeight -= weight;
    return this.pending.splice(0, n);
  }

  private async run(group: Entry<T>[]): Promise<void> {
    try {
      await this.flush(group.map((e) => e.item));
      for (const e of group) e.resolve();
      return;
    } catch (error) {
      if (group.length === 1 || !(this.options.isolate?.(error) ?? true)) {
        for (const e of group) e.reject(error);
        return;
      }
    }
    for (const e of group) {
      try {
        await this.flush([e.item]);
        e.resolve();
      } catch (error) {
        e.reject(error);
      }
    }
  }
}
