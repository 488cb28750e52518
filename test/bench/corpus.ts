import type { Analyzer } from '@escucha/analysis';
import { SOCIAL_SOURCES, toPost, type Post, type PostInput } from '@escucha/core';
import { DemoGenerator } from '@escucha/connectors';

/**
 * Benchmark inputs come from the demo generator: real phrasing in both languages, emoji,
 * handles, the daily rhythm and outage bursts, so the figures reflect the text and
 * the time distribution the product actually sees. A fixed seed makes every run alike.
 */

export const BENCH_SEED = 20261123;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** ~42 posts/min at the daily peak gives ~35,000 posts a day: 1M posts over 30 days. */
export const POSTS_PER_DAY_RATE = 42;

export function demoGenerator(ratePerMinute = POSTS_PER_DAY_RATE): DemoGenerator {
  return new DemoGenerator({ seed: BENCH_SEED, ratePerMinute });
}

/**
 * Exactly `count` posts created before `end`, newest day first generated backwards and
 * returned oldest first; `socialOnly` keeps tweet-length public posts (no e-mails or call notes).
 */
export function demoInputs(count: number, end: Date, socialOnly = false): PostInput[] {
  const generator = demoGenerator();
  const social = new Set<string>(SOCIAL_SOURCES);
  const days: PostInput[][] = [];
  let have = 0;
  for (let to = end.getTime(); have < count; to -= DAY_MS) {
    const day = generator.generate(new Date(to - DAY_MS), new Date(to)).filter((p) => !socialOnly || social.has(p.source));
    days.unshift(day);
    have += day.length;
  }
  return days.flat().slice(have - count);
}

/** What the ingest job does to a batch: analyse, then build the stored post. */
export function enrich(analyzer: Analyzer, inputs: readonly PostInput[], ingestedAt: Date): Post[] {
  const enrichments = analyzer.analyzeBatch(inputs);
  return inputs.map((input, i) => toPost(input, enrichments[i], ingestedAt));
}

/** Splits into consecutive batches of at most `size`. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** The start of the current hour: recent data, whole hourly buckets, nothing in the future. */
export function startOfThisHour(now = Date.now()): Date {
  return new Date(Math.floor(now / HOUR_MS) * HOUR_MS);
}

export { DAY_MS, HOUR_MS };
