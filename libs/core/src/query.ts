import type { SentimentLabel, Source } from './post';

/** Filters shared by every history query. `from` inclusive, `to` exclusive. */
export interface PostFilter {
  from?: Date;
  to?: Date;
  /** Free text: every word must appear (case- and accent-insensitive where the driver can). */
  q?: string;
  sources?: Source[];
  sentiments?: SentimentLabel[];
  topics?: string[];
  intents?: string[];
  langs?: string[];
  /** Author ids (`author.id`), as the top-authors ranking keys them. */
  authors?: string[];
  /** Region ids stored on the posts; posts stored before regions were kept match none. */
  regions?: string[];
  /** Brand and competitor ids (as the analyser names them): a post mentioning any of them. */
  entities?: string[];
  /** Brand and competitor ids a post must mention none of: how alert rules leave competitors' news out. */
  excludeEntities?: string[];
  customerId?: string;
}

export const INTERVALS = ['minute', 'hour', 'day', 'week'] as const;
export type Interval = (typeof INTERVALS)[number];
export const INTERVAL_MS: Record<Interval, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

/**
 * Dimensions a count can be split by. `topic`, `intent` and `entity` are multi-valued: a post
 * counts once per value. `entity` over brand and competitors is share of voice.
 */
/** Sentiment of what posts said about one topic: counts per label and net = (positive − negative) / all. */
export interface TopicSentiment {
  positive: number;
  neutral: number;
  negative: number;
  /** -1 (all negative) .. 1 (all positive); 0 when nothing was said. */
  net: number;
}

/** (positive − negative) / all, to three decimals; 0 when nothing was said. */
export function netSentiment(positive: number, negative: number, all: number): number {
  return all === 0 ? 0 : Math.round(((positive - negative) / all) * 1000) / 1000;
}

/**
 * Folds "topic:label" counts (the `aspect` split) into sentiment per topic, leaving out the
 * topics given to competitors ("topic:label@entity").
 */
export function topicSentiments(counts: Iterable<readonly [string, number]>): Record<string, TopicSentiment> {
  const out: Record<string, TopicSentiment> = {};
  for (const [key, count] of counts) {
    const colon = key.lastIndexOf(':');
    if (colon <= 0 || key.includes('@')) continue;
    const label = key.slice(colon + 1);
    if (label !== 'positive' && label !== 'neutral' && label !== 'negative') continue;
    const topic = key.slice(0, colon);
    const entry = (out[topic] ??= { positive: 0, neutral: 0, negative: 0, net: 0 });
    entry[label] += count;
  }
  for (const entry of Object.values(out)) {
    const all = entry.positive + entry.neutral + entry.negative;
    entry.net = netSentiment(entry.positive, entry.negative, all);
  }
  return out;
}

/** `aspect` counts "topic:label" pairs (see aspectKey): sentiment per topic. */
export const SPLITS = ['sentiment', 'topic', 'source', 'intent', 'lang', 'entity', 'aspect'] as const;
export type Split = (typeof SPLITS)[number];

export interface HistogramBucket {
  /** Bucket start, ISO-8601 UTC. Buckets are aligned to the interval in UTC (weeks start on Monday). */
  ts: string;
  total: number;
  /** Counts per split value; empty when no split was asked. */
  values: Record<string, number>;
}

export interface Histogram {
  interval: Interval;
  split?: Split;
  buckets: HistogramBucket[];
}

export interface CountEntry {
  key: string;
  count: number;
}

export interface AuthorEntry extends CountEntry {
  /** `key` is the author id; these describe the author as last seen. */
  handle: string;
  name?: string;
  source: Source;
  followers: number;
}

export interface SearchPage<T> {
  total: number;
  items: T[];
  /** Opaque; pass back as `cursor` for the next page. Absent on the last page. */
  nextCursor?: string;
}

/** One period of a comparison: JSON-ready, as the API sends it. */
export interface PeriodSummary {
  /** ISO-8601. */
  from: string;
  to: string;
  total: number;
  values: Record<string, number>;
}

export interface Delta {
  abs: number;
  /** Percent change, one decimal; null when the previous value is 0. */
  pct: number | null;
}

export function deltaOf(current: number, previous: number): Delta {
  return { abs: current - previous, pct: previous === 0 ? null : Math.round(((current - previous) / previous) * 1000) / 10 };
}

export interface Comparison {
  split: Split;
  current: PeriodSummary;
  previous: PeriodSummary;
  delta: { total: Delta; values: Record<string, Delta> };
  /** Split by topic only: what posts said about each topic in each period. */
  topicSentiment?: TopicSentimentComparison;
}

export interface TopicSentimentComparison {
  current: Record<string, TopicSentiment>;
  previous: Record<string, TopicSentiment>;
  /**
   * Current net minus previous net (-2 .. 2), three decimals; null when the topic was not
   * spoken of in one of the periods (a change from nothing is no change in opinion).
   */
  netChange: Record<string, number | null>;
}
