/** JSON form of a {@link RollingWindow}: capacity and values, oldest first. */
export interface RollingWindowState {
  readonly capacity: number;
  readonly values: readonly number[];
}

/**
 * The last `capacity` numbers, kept both in arrival order (to evict the oldest) and sorted
 * (so any quantile is a lookup). Insert and evict are a binary search and one memmove, which
 * is cheap for the few thousand values a detector keeps.
 */
export class RollingWindow {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`window capacity must be a positive integer, got ${capacity}`);
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(value: number): void {
    if (this.count === this.capacity) {
      const oldest = this.ring[this.head];
      const at = this.lowerBound(oldest);
      this.sorted.copyWithin(at, at + 1, this.count);
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
    this.ring[(this.head + this.count) % this.capacity] = value;
    const at = this.lowerBound(value);
    this.sorted.copyWithin(at + 1, at, this.count);
    this.sorted[at] = value;
    this.count++;
  }

  /** Linear interpolation between order statistics; NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const pos = Math.min(1, Math.max(0, q)) * (this.count - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, this.count - 1);
    return this.sorted[lo] + (this.sorted[hi] - this.sorted[lo]) * (pos - lo);
  }

  /** The `k` most recent values' mean (all of them when fewer). */
  recentMean(k: number): number {
    const n = Math.min(k, this.count);
    if (n === 0) return Number.NaN;
    let sum = 0;
    for (let i = this.count - n; i < this.count; i++) sum += this.ring[(this.head + i) % this.capacity];
    return sum / n;
  }

  /** The i-th most recent value (0 = newest). */
  recent(i = 0): number {
    if (i >= this.count) return Number.NaN;
    return this.ring[(this.head + this.count - 1 - i) % this.capacity];
  }

  toJSON(): RollingWindowState {
    const values: number[] = [];
    for (let i = 0; i < this.count; i++) values.push(this.ring[(this.head + i) % this.capacity]);
    return { capacity: this.capacity, values };
  }

  static fromJSON(state: RollingWindowState): RollingWindow {
    const window = new RollingWindow(state.capacity);
    for (const v of state.values.slice(-state.capacity)) window.push(v);
    return window;
  }

  private lowerBound(value: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
