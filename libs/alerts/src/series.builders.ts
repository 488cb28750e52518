/** Test builders: synthetic per-interval series. Deterministic (seeded) so a failure reproduces. */
import { seededRandom } from '@escucha/core';
import type { DetectorPoint } from './anomaly.detector';

export const MINUTE = 60_000;
export const START = Date.UTC(2026, 0, 5); // a Monday, 00:00 UTC

/** Seeded noise: the project's one generator, under the name these builders' callers use. */
export const seeded = seededRandom;

/** Poisson draw (Knuth for small means, normal approximation above 50). */
export function poisson(mean: number, random: () => number): number {
  if (mean > 50) {
    const u = Math.max(random(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= random();
  } while (p > limit);
  return k - 1;
}

export interface CountSeries {
  /** Expected count at each timestamp. */
  rate: (timestamp: number) => number;
  points: number;
  intervalMs?: number;
  seed?: number;
  /** Multiplies the rate in [from, to) (point indexes). */
  burst?: { from: number; to: number; factor: number };
}

export function countSeries({ rate, points, intervalMs = MINUTE, seed = 1, burst }: CountSeries): DetectorPoint[] {
  const random = seeded(seed);
  const out: DetectorPoint[] = [];
  for (let i = 0; i < points; i++) {
    const timestamp = START + i * intervalMs;
    const factor = burst && i >= burst.from && i < burst.to ? burst.factor : 1;
    out.push({ timestamp, value: poisson(rate(timestamp) * factor, random) });
  }
  return out;
}

/** Quiet nights, a busy day: 4 posts a minute at night, 40 from 9:00 to 21:00 (local = UTC here). */
export function daytimeRate(timestamp: number): number {
  const hour = new Date(timestamp).getUTCHours() + new Date(timestamp).getUTCMinutes() / 60;
  return hour >= 9 && hour < 21 ? 40 : 4;
}
