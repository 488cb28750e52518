/**
 * Seeded randomness for the demo stream. Every draw comes from a generator seeded by
 * (seed, minute), never from Math.random, so replaying a range always yields the same posts.
 */
import { seededRandom } from '@escucha/core';

/**
 * Folds integers into one 32-bit seed. Neighbouring minutes must get unrelated streams,
 * so each part goes through a murmur3-style finaliser instead of a plain sum.
 */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    // Minute indices fit in 32 bits today; the high word keeps far-off dates distinct too.
    for (const word of [part >>> 0, Math.floor(part / 4294967296) >>> 0]) {
      h ^= word;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      h ^= h >>> 16;
    }
  }
  return h >>> 0;
}

export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Pareto-distributed value >= min; a long tail like followers and likes. */
  pareto(min: number, alpha: number): number {
    const u = 1 - this.next(); // (0, 1], so no division by zero
    return min / Math.pow(u, 1 / alpha);
  }

  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Knuth's method is exact but slow for big means; the normal approximation is fine there. */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

/** A weighted choice with the cumulative sums computed once, since it is drawn per post. */
export class WeightedTable<T> {
  private readonly items: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    const positive = entries.filter(([, weight]) => weight > 0);
    if (positive.length === 0) throw new RangeError('WeightedTable needs at least one positive weight');
    this.items = positive.map(([item]) => item);
    let sum = 0;
    this.cumulative = positive.map(([, weight]) => (sum += weight));
    this.total = sum;
  }

  pick(rng: Rng): T {
    const target = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}
