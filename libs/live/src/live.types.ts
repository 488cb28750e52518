import type { AlertNotice, Aspect, Post, SentimentLabel, TopicSentiment } from '@escucha/core';

/** What a processed batch contributes to one minute of the live window. */
export interface MinuteCounts {
  /** Minute start, epoch ms. */
  minute: number;
  total: number;
  bySentiment: Record<string, number>;
  byTopic: Record<string, number>;
  bySource: Record<string, number>;
  /** "topic:label" counts (aspectKey); absent from batches of workers older than sentiment per topic. */
  byAspect?: Record<string, number>;
}

/** Published by whoever stored a batch, so every API node keeps the same window. */
export interface LiveBatch {
  minutes: MinuteCounts[];
  /** The batch's newest posts, newest first. */
  latest: LivePost[];
  /** Alerts opened, updated or resolved, for the banner; the live window ignores them. */
  alerts?: AlertNotice[];
  /** Posts left the store (the demo's were removed): every live window reads the last 24 h again. */
  rebuild?: true;
}

/** A post as the live view shows it (JSON-safe: dates as ISO strings). */
export interface LivePost {
  id: string;
  source: string;
  channel: string;
  url?: string;
  text: string;
  lang: string;
  createdAt: string;
  author: Post['author'];
  sentiment: { label: SentimentLabel; score: number };
  topics: string[];
  intents: string[];
  entities: string[];
  aspects?: Aspect[];
  metrics: Post['metrics'];
  /**
   * The customer the post is tied to. Carried between processes; each API node sends it only to
   * the roles that see customers (admin, service), and gives the others a pseudonymous author
   * for a customer's or an internal channel's post, as History does.
   */
  customerId?: string;
}

export interface SeriesPoint {
  ts: string;
  total: number;
  negative: number;
  neutral: number;
  positive: number;
}

export interface LiveSnapshot {
  from: string;
  to: string;
  minutes: number;
  total: number;
  bySentiment: Record<string, number>;
  byTopic: Record<string, number>;
  bySource: Record<string, number>;
  /** What the window's posts said about each topic (competitors' topics left out). */
  topicSentiment: Record<string, TopicSentiment>;
  series: SeriesPoint[];
  latest: LivePost[];
}

export const MIN_WINDOW_MINUTES = 15;
export const MAX_WINDOW_MINUTES = 1440;
export const DEFAULT_WINDOW_MINUTES = 60;
